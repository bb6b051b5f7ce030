namespace VeloGrad.Baselines;

/// <summary>Which of libtorch's list kernels steps <see cref="MultiTensorAdam"/>, <see cref="MultiTensorAdamW"/> and
/// <see cref="MultiTensorSgd"/>.</summary>
public enum BaselineKernel
{
    /// <summary>The fused kernels on the CPU (one pass over each tensor, measured fastest there), the <c>_foreach_*</c>
    /// kernels on accelerators (measured; the fused ones there are not yet).</summary>
    Auto,

    /// <summary>libtorch's fused kernels (<c>_fused_adam_</c>, <c>_fused_adamw_</c>, <c>_fused_sgd_</c>): every element
    /// read and written once per step, as <c>torch.optim.Adam(fused=True)</c>. Tensors the kernels cannot take (an
    /// unusual layout, SGD's <c>maximize</c>, whose sign convention is TorchSharp's own) take the <c>_foreach_*</c> route.</summary>
    Fused,

    /// <summary>libtorch's <c>_foreach_*</c> kernels, in the order of operations of TorchSharp's optimizers, as
    /// <c>torch.optim.Adam(foreach=True)</c>.</summary>
    ForEach,
}

/// <summary>A TorchSharp optimizer this library steps through libtorch's list kernels (<see cref="MultiTensorAdam"/>,
/// <see cref="MultiTensorAdamW"/>, <see cref="MultiTensorSgd"/>).</summary>
public interface ILibTorchBaseline
{
    /// <summary>Which kernels step it (<see cref="BaselineKernel.Auto"/>: fused on the CPU, <c>_foreach_*</c> elsewhere).</summary>
    BaselineKernel Kernel { get; }

    /// <summary>Tensor updates the fused kernels made so far (the rest took the <c>_foreach_*</c> route or TorchSharp's).</summary>
    long FusedUpdates { get; }
}
