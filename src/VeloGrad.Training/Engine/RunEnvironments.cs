using System.Runtime.InteropServices;
using VeloGrad.Runtime;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>The environment of runs made by this process.</summary>
public static class RunEnvironments
{
    /// <summary>This machine, runtime and libraries, with the device and precision a run resolved to.</summary>
    public static RunEnvironment Current(string device, string precision) => new(
        Environment.MachineName,
        RuntimeInformation.OSDescription,
        RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        get_num_threads(),
        RuntimeInformation.FrameworkDescription,
        typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?",
        typeof(VeloGradOptimizer).Assembly.GetName().Version?.ToString() ?? "?",
        device,
        precision,
        NativeAllocator.Current.ToString());

    /// <summary>This machine with a resolved device and precision, named as histories record them.</summary>
    public static RunEnvironment Current(TorchSharp.DeviceType device, Precision effective) =>
        Current(device == TorchSharp.DeviceType.CUDA ? "cuda" : "cpu", SettingNames.Of(effective));

    /// <summary>Why a run made earlier under precision auto is not the run <paramref name="config"/> makes here: auto
    /// resolved to another precision then (another machine, or a version before auto chose bfloat16 on CPUs with
    /// bfloat16 arithmetic); null when it is the same, or the precision was named.</summary>
    public static string? AutoPrecisionChange(TrainingConfig config, RunHistory earlier)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(earlier);
        if (config.Precision != Precision.Auto || earlier.Config.Precision != Precision.Auto) return null;
        string now = For(config).Precision;
        return earlier.Environment.Precision == now ? null
            : $"precision auto trained in {earlier.Environment.Precision} then and trains in {now} here (pass --precision {earlier.Environment.Precision} to continue as it began)";
    }

    /// <summary>Where and in what precision <paramref name="config"/> trains on this machine, as its history records them.</summary>
    public static RunEnvironment For(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var device = DeviceResolution.Resolve(config.Device);
        return Current(device, PrecisionPlan.Resolve(config.Precision, device).Effective);
    }
}
