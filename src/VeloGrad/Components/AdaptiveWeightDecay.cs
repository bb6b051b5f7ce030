namespace VeloGrad.Components;

/// <summary>
/// Adaptive decoupled weight decay: wd · min(1, 1/(loss average + ε)) · min(1, 1/(‖update‖ + ε)), where the
/// update is the bias-corrected m̂ / (√v̂ + ε). Parameters then shrink by 1 − adaptive_lr · adaptive_wd.
/// </summary>
internal static class AdaptiveWeightDecay
{
    public static T Coefficient<T, TMath>(double weightDecay, LossFactor lossFactor, T updateNorm, double eps) where TMath : IScalarMath<T>
        => TMath.TimesLossFactor(weightDecay, lossFactor, TMath.Min(TMath.Reciprocal(TMath.Add(updateNorm, eps)), 1.0));
}
