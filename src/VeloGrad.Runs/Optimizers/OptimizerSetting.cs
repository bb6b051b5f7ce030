using System.Globalization;

namespace VeloGrad.Runs;

/// <summary>What values a setting takes.</summary>
public enum SettingRange
{
    /// <summary>A number ≥ 0 (weight decays, ε, momenta).</summary>
    NonNegative,
    /// <summary>A finite number > 0 (learning rates: at 0 a run trains nothing and would still be scored).</summary>
    Positive,
    /// <summary>A number in [0, 1) (Adam's betas).</summary>
    Beta,
    /// <summary>A number in [0, 1] (SGD's dampening, VeloGrad's interpolation rates).</summary>
    Fraction,
    /// <summary>A whole number ≥ 1 (VeloGrad's lookahead interval).</summary>
    Count,
    /// <summary>0 or 1 (SGD's nesterov).</summary>
    Switch,
    /// <summary>VeloGrad part names joined by '+' (disable=…).</summary>
    Parts,
}

/// <summary>One setting an optimizer spec may override (<c>key=value</c>), with the values it takes.</summary>
public sealed record OptimizerSetting(string Key, SettingRange Range)
{
    /// <summary>Null when <paramref name="value"/> lies in the range; else why not, in words.</summary>
    public string? Refuse(double value) => Range switch
    {
        SettingRange.NonNegative => value >= 0 ? null : "it must be ≥ 0",
        SettingRange.Positive => value > 0 && double.IsFinite(value) ? null : "it must be a finite number > 0 (at 0 nothing trains)",
        SettingRange.Beta => value is >= 0 and < 1 ? null : "it must lie in [0, 1)",
        SettingRange.Fraction => value is >= 0 and <= 1 ? null : "it must lie in [0, 1]",
        SettingRange.Count => value >= 1 && value <= int.MaxValue && value == Math.Floor(value) ? null : "it must be a whole number ≥ 1",
        SettingRange.Switch => value is 0 or 1 ? null : "it must be 0 (off) or 1 (on)",
        _ => null,
    };

    /// <summary>This setting as one optimizer takes it, with its default there.</summary>
    public OptimizerParameter Defaulting(double value) =>
        Refuse(value) is { } why ? throw new ArgumentException($"{Key}'s default {Format(value)} is out of range: {why}.", nameof(value)) : new(this, value);

    public override string ToString() => Key;

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
