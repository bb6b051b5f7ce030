using static TorchSharp.torch;

namespace VeloGrad.Components;

/// <summary>
/// Selective gradient scaling: a gradient with norm ≤ 1 is amplified by 1 + 0.5·(1 − ‖g‖), a larger one is
/// normalised by 1/‖g‖. Computed on the device, so the step never reads the norm back to the host.
/// </summary>
internal static class GradientNormScaling
{
    /// <summary>Amplification applied at ‖g‖ = 0, reached linearly as the norm falls from 1.</summary>
    public const double SmallGradientGain = 0.5;

    /// <summary>The scale factor for a gradient of norm <paramref name="gradNorm"/> (a 0-dim tensor).</summary>
    /// <remarks>
    /// Branch-free: (1 + 0.5·(1 − min(‖g‖, 1))) · 1/max(‖g‖, 1). For ‖g‖ ≤ 1 the second factor is exactly 1, for
    /// ‖g‖ &gt; 1 the first is exactly 1, so each side equals the reference's branch bit for bit, without a
    /// data-dependent select (and no 1/0 when ‖g‖ = 0).
    /// </remarks>
    public static Tensor Factor(Tensor gradNorm)
    {
        var amplification = 1.0 + SmallGradientGain * (1.0 - gradNorm.clamp_max(1.0));
        return amplification.mul_(gradNorm.clamp_min(1.0).reciprocal_());
    }
}
