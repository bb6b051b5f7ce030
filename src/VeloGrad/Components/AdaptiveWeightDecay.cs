using static TorchSharp.torch;

namespace VeloGrad.Components;

/// <summary>
/// Adaptive decoupled weight decay: wd · min(1, 1/(loss average + ε)) · min(1, 1/(‖update‖ + ε)), where the
/// update is the bias-corrected m̂ / (√v̂ + ε). Parameters then shrink by 1 − adaptive_lr · adaptive_wd.
/// </summary>
internal static class AdaptiveWeightDecay
{
    public static Tensor Coefficient(double weightDecay, LossFactor lossFactor, Tensor update, double eps)
        => lossFactor.Times(weightDecay, (update.norm() + eps).reciprocal().clamp_max(1.0));
}
