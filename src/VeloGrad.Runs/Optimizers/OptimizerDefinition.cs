namespace VeloGrad.Runs;

/// <summary>An optimizer a spec can name: its name on the command line, its name in tables, and each setting a spec may
/// override with the value it has when not overridden. How it is built from those values is its recipe in the training
/// toolkit (this assembly holds no libtorch, so that reports and plans read optimizers without it).</summary>
public sealed record OptimizerDefinition(string Name, string DisplayName, IReadOnlyList<OptimizerParameter> Parameters)
{
    public OptimizerSetting? Setting(string key) => Parameters.FirstOrDefault(p => p.Setting.Key == key)?.Setting;

    /// <summary>The value <paramref name="setting"/> has when a spec does not set it.</summary>
    /// <exception cref="ArgumentException">This optimizer does not take <paramref name="setting"/>, or it has no number
    /// for a default (the parts <c>disable</c> names: none).</exception>
    public double Default(OptimizerSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var parameter = Parameters.FirstOrDefault(p => p.Setting == setting)
            ?? throw new ArgumentException($"{DisplayName} takes no setting '{setting.Key}'.", nameof(setting));
        return parameter.Default ?? throw new ArgumentException($"{DisplayName}'s '{setting.Key}' has no number for a default.", nameof(setting));
    }

    /// <summary>Its settings with their defaults, as a user writes them: <c>lr=0.001, beta1=0.9, …</c>.</summary>
    public string DefaultsText => string.Join(", ", Parameters.Select(p => p.ToString()));
}

/// <summary>One setting of one optimizer, with its default there (null where the default is no value: nothing disabled).</summary>
public sealed record OptimizerParameter(OptimizerSetting Setting, double? Default)
{
    public override string ToString() => Default is double d ? $"{Setting.Key}={Readable(d)}" : $"{Setting.Key}=(nothing)";

    /// <summary>1e-8 rather than .NET's 1E-08: as a user types it.</summary>
    private static string Readable(double value)
    {
        string text = OptimizerSetting.Format(value);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        return e < 0 ? text : $"{text[..e]}e{int.Parse(text[(e + 1)..], System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
