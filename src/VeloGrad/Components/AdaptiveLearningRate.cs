namespace VeloGrad.Components;

/// <summary>
/// Hybrid learning rate: lr · min(1, 1/(loss average + ε)) · min(1, 1/(‖g‖ + ε)); the norm-aware factor stays
/// on the device, and so does the loss-aware one when the loss average lives there.
/// </summary>
internal static class AdaptiveLearningRate
{
    public static T Rate<T, TMath>(double learningRate, LossFactor lossFactor, T gradNorm, double eps) where TMath : IScalarMath<T>
        => TMath.TimesLossFactor(learningRate, lossFactor, TMath.Min(TMath.Reciprocal(TMath.Add(gradNorm, eps)), 1.0));
}
