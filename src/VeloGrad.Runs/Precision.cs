using System.Text.Json.Serialization;

namespace VeloGrad.Runs;

/// <summary>The numeric precision a run trains in. The half precisions are mixed precision: the forward under
/// autocast in the half type, weights, gradients, optimizer state and batch-norm statistics in float32.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Precision>))]
public enum Precision
{
    /// <summary>The fastest that keeps the reference's accuracy: float16 mixed precision on CUDA (the reference's AMP),
    /// bfloat16 mixed precision on a CPU with bfloat16 arithmetic, float32 on other CPUs.</summary>
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

/// <summary>The names these enums have in files and on the command line: each written once, in its
/// <see cref="JsonStringEnumMemberNameAttribute"/>, and read from there for messages, options and parsing.</summary>
public static class SettingNames
{
    public static string Of(Precision p) => NameOf(p);
    public static string Of(DeviceChoice d) => NameOf(d);
    public static string Of(RunStatus s) => NameOf(s);
    public static string Of(LearningRateSchedule s) => NameOf(s);

    /// <summary>Every name of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Names<T>.ByValue.Values.ToList();

    public static LearningRateSchedule ParseSchedule(string text) => Parse<LearningRateSchedule>(text, nameof(TrainingConfig.Schedule), "schedule");

    public static Precision ParsePrecision(string text) => Parse<Precision>(text, nameof(TrainingConfig.Precision), "precision");

    public static DeviceChoice ParseDevice(string text) => Parse<DeviceChoice>(text, nameof(TrainingConfig.Device), "device");

    private static string NameOf<T>(T value) where T : struct, Enum =>
        Names<T>.ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    private static T Parse<T>(string text, string setting, string what) where T : struct, Enum
    {
        string wanted = text.Trim().ToLowerInvariant();
        foreach (var (value, name) in Names<T>.ByValue) if (name == wanted) return value;
        throw new InvalidSettingException(setting, $"Unknown {what} '{text}': use {string.Join(", ", All<T>())}.");
    }

    /// <summary>The names of one enum, read once from its members' attributes.</summary>
    private static class Names<T> where T : struct, Enum
    {
        public static readonly IReadOnlyDictionary<T, string> ByValue = typeof(T).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .OrderBy(f => f.MetadataToken)
            .ToDictionary(f => (T)f.GetValue(null)!, f => f.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
                .Cast<JsonStringEnumMemberNameAttribute>().SingleOrDefault()?.Name
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{f.Name} has no name for files: give it a [JsonStringEnumMemberName]."));
    }
}
