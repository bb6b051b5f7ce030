namespace VeloGrad.Runs;

/// <summary>The optimizers a run can name, in the reference's order, with their settings: the one table a spec is
/// parsed and checked against.</summary>
public static class OptimizerCatalog
{
    public const string VeloGradName = "velograd", AdamName = "adam", SgdName = "sgd", AdamWName = "adamw";
    public const string RateKey = "lr", WeightDecayKey = "weight_decay", DisableKey = "disable";

    private static readonly OptimizerSetting Rate = new(RateKey, SettingRange.Positive), WeightDecay = new(WeightDecayKey, SettingRange.NonNegative),
        Beta1 = new("beta1", SettingRange.Beta), Beta2 = new("beta2", SettingRange.Beta), Epsilon = new("eps", SettingRange.NonNegative);

    public static IReadOnlyList<OptimizerDefinition> All { get; } =
    [
        new(VeloGradName, "VeloGrad", [Rate, Beta1, Beta2, Epsilon, WeightDecay, new("lookahead_k", SettingRange.Count),
            new("alpha_slow", SettingRange.Fraction), new("alpha_interp", SettingRange.Fraction), new(DisableKey, SettingRange.Parts)]),
        new(AdamName, "Adam", [Rate, Beta1, Beta2, Epsilon, WeightDecay]),
        new(SgdName, "SGD", [Rate, new("momentum", SettingRange.NonNegative), WeightDecay, new("dampening", SettingRange.Fraction), new("nesterov", SettingRange.Switch)]),
        new(AdamWName, "AdamW", [Rate, Beta1, Beta2, Epsilon, WeightDecay]),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    /// <summary>The reference's comparison: VeloGrad, Adam, SGD.</summary>
    public static IReadOnlyList<string> ReferenceComparison { get; } = [VeloGradName, AdamName, SgdName];

    /// <summary>VeloGrad's five parts by their command-line names, in the order of its update.</summary>
    public static IReadOnlyList<string> VeloGradParts { get; } =
        ["gradient-norm-scaling", "directional-momentum", "adaptive-lr", "adaptive-weight-decay", "lookahead"];

    public static OptimizerDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    public static string DisplayName(string name) => Find(name)?.DisplayName ?? name;
}
