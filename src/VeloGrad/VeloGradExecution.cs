namespace VeloGrad;

/// <summary>
/// How a step runs. All strategies compute the same arithmetic (held to the reference in tests); they differ
/// in speed and in what they can take.
/// </summary>
public enum VeloGradExecution
{
    /// <summary>The fastest strategy available for each parameter: today fused for contiguous float32/float64
    /// CPU parameters, per tensor for the rest.</summary>
    Auto,

    /// <summary>The simple strategy (as PyTorch's single-tensor one): tensor operations one parameter at a time,
    /// any device, any dtype; the one the others are held to.</summary>
    PerTensor,

    /// <summary>One fused pass per phase over raw CPU memory, SIMD within a core and chunks across cores, for
    /// contiguous float32/float64 CPU parameters; a step with any other parameter throws, naming it and why.</summary>
    FusedCpu,
}
