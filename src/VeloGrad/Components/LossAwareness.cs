using static TorchSharp.torch;

namespace VeloGrad.Components;

/// <summary>
/// The loss-aware factor min(1, 1/(loss average + ε)) shared by the adaptive learning rate and the adaptive
/// weight decay: a host number when the average is fed doubles (<see cref="OnHost"/>), a device scalar when it is fed
/// tensors (<see cref="OnDevice"/>). A host factor stays a double until it meets a tensor, so that coefficient × factor
/// is rounded once, as the reference's Python floats are.
/// </summary>
internal abstract record LossFactor
{
    private LossFactor() { }

    public sealed record OnHost(double Value) : LossFactor;

    public sealed record OnDevice(Tensor Value) : LossFactor;

    /// <summary>The factor for this step: computed once per group, not once per parameter.</summary>
    public static LossFactor Of(LossAverageState average, double eps) => average.OnDevice is { } device
        ? new OnDevice(LossAwareness.Factor<Tensor, DeviceScalars>(device, eps))
        : new OnHost(LossAwareness.Factor<double, HostScalars>(average.Value, eps));

    /// <summary>The factor computed on the host from the average's value (read from the device if it lives there),
    /// for strategies that compute their scalars on the host.</summary>
    public static OnHost Host(LossAverageState average, double eps) =>
        new(LossAwareness.Factor<double, HostScalars>(average.Value, eps));
}

internal static class LossAwareness
{
    /// <summary>min(1, 1/(loss average + ε)).</summary>
    public static T Factor<T, TMath>(T lossAverage, double eps) where TMath : IScalarMath<T>
        => TMath.Min(TMath.Reciprocal(TMath.Add(lossAverage, eps)), 1.0);
}
