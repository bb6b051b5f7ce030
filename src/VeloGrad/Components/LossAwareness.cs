using static TorchSharp.torch;

namespace VeloGrad.Components;

/// <summary>
/// The loss-aware factor min(1, 1/(loss average + ε)) shared by the adaptive learning rate and the adaptive
/// weight decay: a host number when the average is fed doubles, a device scalar when it is fed tensors.
/// </summary>
internal readonly record struct LossFactor(double? Host, Tensor? Device)
{
    /// <summary>The factor for this step: computed once per group, not once per parameter.</summary>
    public static LossFactor Of(LossAverageState average, double eps) => average.OnDevice is { } device
        ? new LossFactor(null, LossAwareness.Factor(device, eps))
        : new LossFactor(LossAwareness.Factor(average.Value, eps), null);

    /// <summary>coefficient · factor · <paramref name="perTensor"/>, in the reference's order ((c·f)·x); a device
    /// factor follows <paramref name="perTensor"/> to its device (a no-op in the usual one-device model).</summary>
    public Tensor Times(double coefficient, Tensor perTensor) =>
        Device is { } device ? (device.to(perTensor.device) * coefficient) * perTensor : (coefficient * Host!.Value) * perTensor;
}

internal static class LossAwareness
{
    public static double Factor(double lossAverage, double eps) => Math.Min(1.0, 1.0 / (lossAverage + eps));

    public static Tensor Factor(Tensor lossAverage, double eps) => (lossAverage + eps).reciprocal().clamp_max(1.0);
}
