namespace VeloGrad.Runs;

/// <summary>The optimizers a run can name, in the reference's order, with their settings: the one table a spec is
/// parsed and checked against.</summary>
public static class OptimizerCatalog
{
    public const string VeloGradName = "velograd", AdamName = "adam", SgdName = "sgd", AdamWName = "adamw";
    public const string RateKey = "lr", WeightDecayKey = "weight_decay", DisableKey = "disable";

    public static IReadOnlyList<OptimizerDefinition> All { get; } =
    [
        new(VeloGradName, "VeloGrad", [OptimizerSettings.Rate, OptimizerSettings.Beta1, OptimizerSettings.Beta2, OptimizerSettings.Epsilon, OptimizerSettings.WeightDecay,
            OptimizerSettings.LookaheadInterval, OptimizerSettings.SlowUpdateRate, OptimizerSettings.InterpolationStrength, OptimizerSettings.Disable]),
        new(AdamName, "Adam", [OptimizerSettings.Rate, OptimizerSettings.Beta1, OptimizerSettings.Beta2, OptimizerSettings.Epsilon, OptimizerSettings.WeightDecay]),
        new(SgdName, "SGD", [OptimizerSettings.Rate, OptimizerSettings.Momentum, OptimizerSettings.WeightDecay, OptimizerSettings.Dampening, OptimizerSettings.Nesterov]),
        new(AdamWName, "AdamW", [OptimizerSettings.Rate, OptimizerSettings.Beta1, OptimizerSettings.Beta2, OptimizerSettings.Epsilon, OptimizerSettings.WeightDecay]),
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
