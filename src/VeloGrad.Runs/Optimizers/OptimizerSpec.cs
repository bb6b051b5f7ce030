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
    private readonly SortedDictionary<string, double> _numbers;

    private OptimizerSpec(OptimizerDefinition definition, SortedDictionary<string, string> overrides, SortedDictionary<string, double> numbers)
    {
        Definition = definition;
        Overrides = overrides;
        _numbers = numbers;
    }

    /// <summary>The optimizer named, with the settings it takes.</summary>
    public OptimizerDefinition Definition { get; }

    public string Name => Definition.Name;

    /// <summary>The overrides by key, values as written (numbers, or part names joined by '+' for <c>disable</c>).</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; }

    /// <summary>Parses and checks <paramref name="text"/>: a known optimizer, each key known and given once, each
    /// number finite and in its setting's range, each VeloGrad part known.</summary>
    /// <exception cref="InvalidSettingException">Whatever of that fails, saying which setting and why.</exception>
    public static OptimizerSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Invalid("An optimizer needs a name: " + string.Join(", ", OptimizerCatalog.Names) + ".");
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var definition = OptimizerCatalog.Find(name) ?? throw Invalid($"Unknown optimizer '{name}': use one of {string.Join(", ", OptimizerCatalog.Names)}.");
        var spec = new OptimizerSpec(definition, new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        if (colon < 0) return spec;
        foreach (var pair in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == pair.Length - 1)
                throw Invalid($"Optimizer setting '{pair}' in '{text}' is not key=value (e.g. {name}:lr=0.001).");
            string key = pair[..eq].Trim().ToLowerInvariant(), value = pair[(eq + 1)..].Trim();
            if (spec.Overrides.TryGetValue(key, out var first))
                throw Invalid($"'{text}' sets {key} twice ({key}={first} and {key}={value}): give each setting once.");
            spec = spec.Set(key, value, text);
        }
        return spec;
    }

    /// <summary>The override <paramref name="key"/> as a number (parsed and checked once, by <see cref="Parse"/>), or null.</summary>
    public double? Value(string key) => _numbers.TryGetValue(key, out double value) ? value : null;

    /// <summary>The value this spec gives <paramref name="setting"/>, or null (the recipe's default then).</summary>
    public double? Value(OptimizerSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return Value(setting.Key);
    }

    /// <summary>The value <paramref name="setting"/> trains with: this spec's, else the optimizer's default.</summary>
    /// <exception cref="ArgumentException">The optimizer does not take <paramref name="setting"/>.</exception>
    public double ValueOrDefault(OptimizerSetting setting) => Value(setting) ?? Definition.Default(setting);

    /// <summary>This spec with <paramref name="key"/> set to <paramref name="value"/> (written round-trip exact), checked.</summary>
    public OptimizerSpec With(string key, double value) => With(key, OptimizerSetting.Format(value));

    /// <summary>This spec with <paramref name="key"/> set to <paramref name="text"/>, checked as <see cref="Parse"/> checks it.</summary>
    public OptimizerSpec With(string key, string text) => Set(key, text, $"{this}{(Overrides.Count == 0 ? ":" : ",")}{key}={text}");

    /// <summary>This spec without the override <paramref name="key"/>.</summary>
    public OptimizerSpec Without(string key) => new(Definition,
        new(Overrides.Where(p => p.Key != key).ToDictionary(), StringComparer.Ordinal),
        new(_numbers.Where(p => p.Key != key).ToDictionary(), StringComparer.Ordinal));

    /// <summary>The VeloGrad parts switched off with <c>disable=a+b</c>, by their names.</summary>
    public IReadOnlyList<string> DisabledParts =>
        Overrides.TryGetValue(OptimizerCatalog.DisableKey, out var parts) ? SplitParts(parts) : [];

    /// <summary>The reference's table name (VeloGrad, Adam, SGD, AdamW) with the overrides.</summary>
    public string DisplayName => Definition.DisplayName
        + (Overrides.Count == 0 ? "" : $" ({string.Join(", ", Overrides.Select(p => $"{p.Key}={p.Value}"))})");

    public bool Equals(OptimizerSpec? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString() =>
        Overrides.Count == 0 ? Name : $"{Name}:{string.Join(',', Overrides.Select(p => $"{p.Key}={p.Value}"))}";

    /// <summary>A copy with one more (or a replaced) override, checked against its setting.</summary>
    private OptimizerSpec Set(string key, string value, string textForErrors)
    {
        var setting = Definition.Setting(key) ?? throw Invalid($"Optimizer '{Name}' has no setting '{key}'; it takes these, shown at their defaults: {Definition.DefaultsText}.");
        var overrides = new SortedDictionary<string, string>(Overrides.ToDictionary(), StringComparer.Ordinal) { [key] = value };
        var numbers = new SortedDictionary<string, double>(_numbers, StringComparer.Ordinal);
        if (setting.Range == SettingRange.Parts) CheckParts(value);
        else
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                throw Invalid($"Optimizer '{Name}': {key}={value} is not a number.");
            if (!double.IsFinite(number)) throw Invalid($"Optimizer '{Name}': {key}={value} is not a finite number.");
            if (setting.Refuse(number) is { } why) throw Invalid($"Optimizer '{textForErrors}': {key}={value} is out of range: {why}.");
            numbers[key] = number;
        }
        return new OptimizerSpec(Definition, overrides, numbers);
    }

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
