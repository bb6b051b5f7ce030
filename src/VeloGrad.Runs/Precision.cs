using System.Text.Json.Serialization;

namespace VeloGrad.Runs;

/// <summary>The numeric precision a run trains in. The half precisions are mixed precision: the forward under
/// autocast in the half type, weights, gradients, optimizer state and batch-norm statistics in float32.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Precision>))]
public enum Precision
{
    /// <summary>The reference's choice: float16 mixed precision on CUDA, float32 on the CPU.</summary>
    [JsonStringEnumMemberName("auto")] Auto,
    [JsonStringEnumMemberName("float32")] Float32,
    [JsonStringEnumMemberName("bfloat16")] BFloat16,
    /// <summary>float16 mixed precision with dynamic loss scaling.</summary>
    [JsonStringEnumMemberName("float16")] Float16,
}

/// <summary>Where a run trains.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeviceChoice>))]
public enum DeviceChoice
{
    /// <summary>CUDA when available, else the CPU.</summary>
    [JsonStringEnumMemberName("auto")] Auto,
    [JsonStringEnumMemberName("cpu")] Cpu,
    [JsonStringEnumMemberName("cuda")] Cuda,
}

/// <summary>The names these enums have in files and on the command line.</summary>
public static class SettingNames
{
    public static string Of(Precision p) => p switch
    {
        Precision.Auto => "auto", Precision.Float32 => "float32", Precision.BFloat16 => "bfloat16", Precision.Float16 => "float16",
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, null),
    };

    public static string Of(DeviceChoice d) => d switch
    {
        DeviceChoice.Auto => "auto", DeviceChoice.Cpu => "cpu", DeviceChoice.Cuda => "cuda",
        _ => throw new ArgumentOutOfRangeException(nameof(d), d, null),
    };

    public static string Of(RunStatus s) => s switch
    {
        RunStatus.Running => "running", RunStatus.Completed => "completed", RunStatus.Interrupted => "interrupted",
        RunStatus.Diverged => "diverged", RunStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static string Of(LearningRateSchedule s) => s switch
    {
        LearningRateSchedule.Constant => "constant", LearningRateSchedule.Cosine => "cosine",
        LearningRateSchedule.OneCycle => "onecycle", LearningRateSchedule.Step => "step",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static LearningRateSchedule ParseSchedule(string text)
    {
        foreach (var s in Enum.GetValues<LearningRateSchedule>()) if (Of(s) == text.Trim().ToLowerInvariant()) return s;
        throw new InvalidSettingException(nameof(TrainingConfig.Schedule), $"Unknown schedule '{text}': use {string.Join(", ", Enum.GetValues<LearningRateSchedule>().Select(Of))}.");
    }

    public static Precision ParsePrecision(string text)
    {
        foreach (var p in Enum.GetValues<Precision>()) if (Of(p) == text.Trim().ToLowerInvariant()) return p;
        throw new InvalidSettingException(nameof(TrainingConfig.Precision), $"Unknown precision '{text}': use {string.Join(", ", Enum.GetValues<Precision>().Select(Of))}.");
    }

    public static DeviceChoice ParseDevice(string text)
    {
        foreach (var d in Enum.GetValues<DeviceChoice>()) if (Of(d) == text.Trim().ToLowerInvariant()) return d;
        throw new InvalidSettingException(nameof(TrainingConfig.Device), $"Unknown device '{text}': use {string.Join(", ", Enum.GetValues<DeviceChoice>().Select(Of))}.");
    }
}
