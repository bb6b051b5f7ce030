using System.Globalization;

namespace VeloGrad.Training.Optimizers;

/// <summary>
/// An optimizer by name with hyperparameter overrides, written <c>name</c> or <c>name:key=value,key=value</c>,
/// e.g. <c>sgd:lr=0.05,momentum=0.8</c> or <c>velograd:lr=0.002,disable=lookahead+directional-momentum</c>.
/// </summary>
public sealed record OptimizerSpec(string Name, IReadOnlyDictionary<string, string> Overrides)
{
    public static OptimizerSpec Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        if (colon >= 0)
        {
            foreach (var pair in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == pair.Length - 1)
                    throw new ArgumentException($"Optimizer setting '{pair}' in '{text}' is not key=value (e.g. {name}:lr=0.001).");
                overrides[pair[..eq].Trim().ToLowerInvariant()] = pair[(eq + 1)..].Trim();
            }
        }
        return new OptimizerSpec(name, overrides);
    }

    public double Number(string key, double fallback)
    {
        if (!Overrides.TryGetValue(key, out var text)) return fallback;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value : throw new ArgumentException($"Optimizer '{Name}': {key}={text} is not a number.");
    }

    public override string ToString() =>
        Overrides.Count == 0 ? Name : $"{Name}:{string.Join(',', Overrides.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}";
}
