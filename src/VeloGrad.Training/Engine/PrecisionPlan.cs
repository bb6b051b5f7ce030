using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>
/// How a run computes, resolved from the requested precision and the device: float32 throughout, or mixed
/// precision (the forward under <see cref="VeloGrad.MixedPrecision.Autocast"/> in a half type, weights, gradients,
/// optimizer state and batch-norm statistics float32), with float16's dynamic loss scaling.
/// </summary>
/// <param name="Effective">The precision the run trains in, as recorded in its history.</param>
/// <param name="AutocastType">The half type of the forward pass; null for float32.</param>
public sealed record PrecisionPlan(string Effective, ScalarType? AutocastType)
{
    /// <summary>float16 needs loss scaling (its range ends at 6.5e4 and 6e-8); bfloat16 has float32's range.</summary>
    public bool LossScaling => AutocastType == ScalarType.Float16;

    /// <summary><paramref name="requested"/> on <paramref name="device"/>: auto is the reference's choice, float16
    /// mixed precision on CUDA and float32 on the CPU; the half precisions run on either device.</summary>
    public static PrecisionPlan Resolve(string requested, DeviceType device)
    {
        string effective = requested == Precisions.Auto ? (device == DeviceType.CUDA ? Precisions.Float16 : Precisions.Float32) : requested;
        return effective switch
        {
            Precisions.Float16 => new(effective, ScalarType.Float16),
            Precisions.BFloat16 => new(effective, ScalarType.BFloat16),
            Precisions.Float32 => new(effective, null),
            _ => throw new ArgumentException($"Unknown precision '{requested}': use {string.Join(", ", Precisions.All)}."),
        };
    }
}
