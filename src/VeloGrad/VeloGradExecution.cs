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

    /// <summary>A fixed number of whole-buffer operations per group and step, whatever the number of tensors: the
    /// group's parameters become views of one flat buffer and the state lives in flat buffers too. Meant for
    /// accelerators, where launching kernels per tensor costs; float32/float64 groups on one device and dtype, else
    /// a step throws, naming the group and why.</summary>
    MultiTensor,
}
