namespace VeloGrad;

/// <summary>
/// How a step runs. All strategies compute the same arithmetic (held to the reference in tests); they differ
/// in speed. <see cref="Auto"/> picks the fastest for each parameter's device and dtype.
/// </summary>
public enum VeloGradExecution
{
    /// <summary>Fused on the CPU for contiguous float32/float64 parameters, per tensor otherwise.</summary>
    Auto,

    /// <summary>The reference strategy: tensor operations one parameter at a time (any device, any dtype).</summary>
    PerTensor,

    /// <summary>One fused pass per phase over raw CPU memory, SIMD within a core and chunks across cores.
    /// Parameters it cannot take (another device, dtype or layout) run per tensor.</summary>
    FusedCpu,
}
