using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VeloGrad.Runs;

/// <summary>
/// An optimizer by name with hyperparameter overrides, written <c>name</c> or <c>name:key=value,key=value</c>,
/// e.g. <c>sgd:lr=0.05,momentum=0.8</c> or <c>velograd:lr=0.002,disable=lookahead+directional-momentum</c>.
/// Parsed and checked once (known name, known keys, finite numbers, known VeloGrad parts); everything after
/// that takes the typed spec. Stored in files as its canonical text.
/// </summary>
[JsonConverter(typeof(OptimizerSpecJsonConverter))]
public sealed record OptimizerSpec
{
    private OptimizerSpec(string name, IReadOnlyDictionary<string, string> overrides)
    {
        Name = name;
        Overrides = overrides;
    }

    public string Name { get; }

    /// <summary>The overrides by key, values as written (numbers, or part names joined by '+' for <c>disable</c>).</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; }

    /// <summary>Parses and checks <paramref name="text"/>.</summary>
    /// <exception cref="InvalidSettingException">Unknown optimizer or key, a value that is not a finite number, an unknown part.</exception>
    public static OptimizerSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Invalid("An optimizer needs a name: " + string.Join(", ", OptimizerCatalog.Names) + ".");
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var keys = OptimizerCatalog.KeysOf(name) ?? throw Invalid($"Unknown optimizer '{name}': use one of {string.Join(", ", OptimizerCatalog.Names)}.");
        var overrides = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (colon >= 0)
        {
            foreach (var pair in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == pair.Length - 1)
                    throw Invalid($"Optimizer setting '{pair}' in '{text}' is not key=value (e.g. {name}:lr=0.001).");
                string key = pair[..eq].Trim().ToLowerInvariant(), value = pair[(eq + 1)..].Trim();
                if (!keys.Contains(key)) throw Invalid($"Optimizer '{name}' has no setting '{key}'; it takes {string.Join(", ", keys)}.");
                if (key == OptimizerCatalog.DisableKey) CheckParts(value);
                else if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                    throw Invalid($"Optimizer '{name}': {key}={value} is not a number.");
                else if (!double.IsFinite(number))
                    throw Invalid($"Optimizer '{name}': {key}={value} is not a finite number.");
                overrides[key] = value;
            }
        }
        return new OptimizerSpec(name, overrides);
    }

    /// <summary>The override <paramref name="key"/> as a number, or <paramref name="fallback"/>.</summary>
    public double Number(string key, double fallback) =>
        Overrides.TryGetValue(key, out var text) ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    /// <summary>This spec with <paramref name="key"/> set to <paramref name="value"/> (written round-trip exact).</summary>
    /// <exception cref="InvalidSettingException">The optimizer has no such setting.</exception>
    public OptimizerSpec With(string key, double value) =>
        With(key, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>This spec with <paramref name="key"/> set to <paramref name="text"/>, checked as <see cref="Parse"/> checks it.</summary>
    public OptimizerSpec With(string key, string text)
    {
        var overrides = new SortedDictionary<string, string>(Overrides.ToDictionary(), StringComparer.Ordinal) { [key] = text };
        return Parse($"{Name}:{string.Join(',', overrides.Select(p => $"{p.Key}={p.Value}"))}");
    }

    /// <summary>This spec without the override <paramref name="key"/>.</summary>
    public OptimizerSpec Without(string key) =>
        new(Name, new SortedDictionary<string, string>(Overrides.Where(p => p.Key != key).ToDictionary(), StringComparer.Ordinal));

    /// <summary>The VeloGrad parts switched off with <c>disable=a+b</c>, by their names.</summary>
    public IReadOnlyList<string> DisabledParts =>
        Overrides.TryGetValue(OptimizerCatalog.DisableKey, out var parts) ? SplitParts(parts) : [];

    /// <summary>The reference's table name (VeloGrad, Adam, SGD, AdamW) with the overrides.</summary>
    public string DisplayName => OptimizerCatalog.DisplayName(Name)
        + (Overrides.Count == 0 ? "" : $" ({string.Join(", ", Overrides.Select(p => $"{p.Key}={p.Value}"))})");

    public bool Equals(OptimizerSpec? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString() =>
        Overrides.Count == 0 ? Name : $"{Name}:{string.Join(',', Overrides.Select(p => $"{p.Key}={p.Value}"))}";

    private static string[] SplitParts(string parts) => parts.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void CheckParts(string parts)
    {
        foreach (var part in SplitParts(parts))
            if (!OptimizerCatalog.VeloGradParts.Contains(part.ToLowerInvariant()))
                throw Invalid($"Unknown VeloGrad component '{part}': use {string.Join(", ", OptimizerCatalog.VeloGradParts)} (joined by '+').");
    }

    private static InvalidSettingException Invalid(string message) => new(nameof(TrainingConfig.Optimizer), message);
}

/// <summary>Reads and writes an <see cref="OptimizerSpec"/> as its text.</summary>
public sealed class OptimizerSpecJsonConverter : JsonConverter<OptimizerSpec>
{
    public override OptimizerSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        OptimizerSpec.Parse(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, OptimizerSpec value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value?.ToString());
    }
}

/// <summary>The optimizers a run can name, their settings and their display names; how each is built lives with
/// the training toolkit.</summary>
public static class OptimizerCatalog
{
    public const string VeloGradName = "velograd", AdamName = "adam", SgdName = "sgd", AdamWName = "adamw";
    public const string DisableKey = "disable";

    public static IReadOnlyList<string> Names { get; } = [VeloGradName, AdamName, SgdName, AdamWName];

    /// <summary>The reference's comparison: VeloGrad, Adam, SGD.</summary>
    public static IReadOnlyList<string> ReferenceComparison { get; } = [VeloGradName, AdamName, SgdName];

    /// <summary>VeloGrad's five parts by their command-line names.</summary>
    public static IReadOnlyList<string> VeloGradParts { get; } =
        ["gradient-norm-scaling", "directional-momentum", "adaptive-lr", "adaptive-weight-decay", "lookahead"];

    private static readonly Dictionary<string, string[]> Keys = new(StringComparer.Ordinal)
    {
        [VeloGradName] = ["lr", "beta1", "beta2", "eps", "weight_decay", "lookahead_k", "alpha_slow", "alpha_interp", DisableKey],
        [AdamName] = ["lr", "beta1", "beta2", "eps", "weight_decay"],
        [AdamWName] = ["lr", "beta1", "beta2", "eps", "weight_decay"],
        [SgdName] = ["lr", "momentum", "weight_decay", "dampening", "nesterov"],
    };

    public static IReadOnlyList<string>? KeysOf(string name) => Keys.GetValueOrDefault(name);

    public static string DisplayName(string name) => name switch
    {
        VeloGradName => "VeloGrad",
        AdamName => "Adam",
        SgdName => "SGD",
        AdamWName => "AdamW",
        _ => name,
    };
}
