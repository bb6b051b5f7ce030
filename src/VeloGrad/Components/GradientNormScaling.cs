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
    public static Tensor Factor(Tensor gradNorm)
    {
        var small = 1.0 + SmallGradientGain * (1.0 - gradNorm);
        // For ‖g‖ = 0 the reciprocal is inf, but `where` takes the other branch.
        return where(gradNorm <= 1.0, small, gradNorm.reciprocal());
    }
}
