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

    /// <summary><paramref name="requested"/> on <paramref name="device"/>: auto is the fastest precision that keeps the
    /// reference's accuracy: float16 mixed precision on CUDA (the reference's AMP), bfloat16 mixed precision on a CPU
    /// with bfloat16 arithmetic (<paramref name="cpuHasBFloat16"/>, from <see cref="CpuFeatures"/> unless given; the
    /// parity epoch 1.4× float32's speed, its accuracy within a point), float32 on any other CPU (where libtorch
    /// would emulate bfloat16, many times slower). The half precisions run on either device when asked for.</summary>
    public static PrecisionPlan Resolve(Precision requested, DeviceType device, bool? cpuHasBFloat16 = null)
    {
        var effective = requested != Precision.Auto ? requested
            : device == DeviceType.CUDA ? Precision.Float16
            : cpuHasBFloat16 ?? CpuFeatures.KnownNativeBFloat16 ? Precision.BFloat16 : Precision.Float32;
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
