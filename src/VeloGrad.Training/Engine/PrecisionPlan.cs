using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>
/// How a run computes, resolved from the requested precision and the device: float32 throughout, or mixed
/// precision (the forward under <see cref="VeloGrad.MixedPrecision.Autocast"/> in a half type, weights, gradients,
/// optimizer state and batch-norm statistics float32), with float16's dynamic loss scaling.
/// </summary>
/// <param name="Effective">The precision the run trains in, as recorded in its history (never auto).</param>
/// <param name="AutocastType">The half type of the forward pass; null for float32.</param>
public sealed record PrecisionPlan(Precision Effective, ScalarType? AutocastType)
{
    /// <summary>float16 needs loss scaling (its range ends at 6.5e4 and 6e-8); bfloat16 has float32's range.</summary>
    public bool LossScaling => AutocastType == ScalarType.Float16;

    /// <summary><paramref name="requested"/> on <paramref name="device"/>: auto is the reference's choice, float16
    /// mixed precision on CUDA and float32 on the CPU; the half precisions run on either device.</summary>
    public static PrecisionPlan Resolve(Precision requested, DeviceType device)
    {
        var effective = requested == Precision.Auto ? (device == DeviceType.CUDA ? Precision.Float16 : Precision.Float32) : requested;
        return effective switch
        {
            Precision.Float16 => new(effective, ScalarType.Float16),
            Precision.BFloat16 => new(effective, ScalarType.BFloat16),
            Precision.Float32 => new(effective, null),
            _ => throw new InvalidSettingException(nameof(TrainingConfig.Precision), $"Unknown precision {requested}."),
        };
    }
}

/// <summary>The device a run's <see cref="DeviceChoice"/> means on this machine.</summary>
public static class DeviceResolution
{
    /// <exception cref="InvalidSettingException">CUDA was asked for and is not available.</exception>
    public static DeviceType Resolve(DeviceChoice choice) => choice switch
    {
        DeviceChoice.Cpu => DeviceType.CPU,
        DeviceChoice.Auto => cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU,
        DeviceChoice.Cuda when cuda.is_available() => DeviceType.CUDA,
        DeviceChoice.Cuda => throw new InvalidSettingException(nameof(TrainingConfig.Device),
            "CUDA was asked for, but it is not available: build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU, or train on the CPU."),
        _ => throw new InvalidSettingException(nameof(TrainingConfig.Device), $"Unknown device {choice}."),
    };
}
