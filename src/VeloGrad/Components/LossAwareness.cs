namespace VeloGrad.Components;

/// <summary>
/// The loss-aware factor min(1, 1/(loss average + ε)) shared by the adaptive learning rate and the adaptive
/// weight decay. The loss average lives on the host (fed by SetLoss), so this costs no device sync.
/// </summary>
internal static class LossAwareness
{
    public static double Factor(double lossAverage, double eps) => Math.Min(1.0, 1.0 / (lossAverage + eps));
}
