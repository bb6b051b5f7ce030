namespace VeloGrad.Components;

/// <summary>
/// Selective gradient scaling: a gradient with norm ≤ 1 is amplified by 1 + 0.5·(1 − ‖g‖), a larger one is
/// normalised by 1/‖g‖.
/// </summary>
internal static class GradientNormScaling
{
    /// <summary>Amplification applied at ‖g‖ = 0, reached linearly as the norm falls from 1.</summary>
    public const double SmallGradientGain = 0.5;

    /// <summary>The scale factor for a gradient of norm <paramref name="gradNorm"/>.</summary>
    /// <remarks>
    /// Branch-free: (1 + 0.5·(1 − min(‖g‖, 1))) · 1/max(‖g‖, 1). For ‖g‖ ≤ 1 the second factor is exactly 1, for
    /// ‖g‖ &gt; 1 the first is exactly 1, so each side equals the reference's branch bit for bit, without a
    /// data-dependent select on the device (and no 1/0 when ‖g‖ = 0).
    /// </remarks>
    public static T Factor<T, TMath>(T gradNorm) where TMath : IScalarMath<T>
        => TMath.Multiply(
            TMath.Add(TMath.Multiply(TMath.OneMinus(TMath.Min(gradNorm, 1.0)), SmallGradientGain), 1.0),
            TMath.Reciprocal(TMath.Max(gradNorm, 1.0)));
}
