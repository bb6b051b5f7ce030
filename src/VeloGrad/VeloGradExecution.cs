namespace VeloGrad;

/// <summary>
/// How a step runs. All strategies compute the same arithmetic (held to the reference in tests); they differ
/// in speed and in what they can take.
/// </summary>
public enum VeloGradExecution
{
    /// <summary>The fastest strategy available for each parameter: fused for contiguous float32/float64 CPU
    /// parameters, multi-tensor for float32/float64 groups on CUDA, per tensor for the rest.</summary>
    Auto,

    /// <summary>The simple strategy (as PyTorch's single-tensor one): tensor operations one parameter at a time,
    /// any device, any dtype; the one the others are held to.</summary>
    PerTensor,

    /// <summary>One fused pass per phase over raw CPU memory, SIMD within a core and chunks across cores, for
    /// contiguous float32/float64 CPU parameters; a step with any other parameter throws, naming it and why.</summary>
    FusedCpu,

    /// <summary>A group's tensors stepped together by libtorch's multi-tensor (<c>_foreach_*</c>) kernels: a fixed
    /// number of kernel launches per step, whatever the number of tensors, and no data moved between host and
    /// device. Meant for accelerators, where launching kernels tensor by tensor costs more than the arithmetic (as
    /// PyTorch's foreach implementations); float32/float64 groups on one device and dtype, else a step throws,
    /// naming the group and why.</summary>
    MultiTensor,
}
