using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Components;

/// <summary>
/// Hybrid learning rate: lr · min(1, 1/(loss average + ε)) · min(1, 1/(‖g‖ + ε)); the loss-aware factor comes
/// from the host, the norm-aware one stays on the device.
/// </summary>
internal static class AdaptiveLearningRate
{
    public static Tensor Rate(double learningRate, double lossFactor, Tensor gradNorm, double eps)
        => (learningRate * lossFactor) * (gradNorm + eps).reciprocal().clamp_max(1.0);
}
