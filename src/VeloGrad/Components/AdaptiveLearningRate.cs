using static TorchSharp.torch;

namespace VeloGrad.Components;

/// <summary>
/// Hybrid learning rate: lr · min(1, 1/(loss average + ε)) · min(1, 1/(‖g‖ + ε)); the norm-aware factor stays
/// on the device, and so does the loss-aware one when the loss average lives there.
/// </summary>
internal static class AdaptiveLearningRate
{
    public static Tensor Rate(double learningRate, LossFactor lossFactor, Tensor gradNorm, double eps)
        => lossFactor.Times(learningRate, (gradNorm + eps).reciprocal().clamp_max(1.0));
}
