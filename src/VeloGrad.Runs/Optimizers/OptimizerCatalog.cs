using S = VeloGrad.Runs.OptimizerSettings;

namespace VeloGrad.Runs;

/// <summary>The optimizers a run can name, in the reference's order, with their settings and defaults: the one table a
/// spec is parsed and checked against, and recipes read their defaults from.</summary>
public static class OptimizerCatalog
{
    public const string VeloGradName = "velograd", AdamName = "adam", SgdName = "sgd", AdamWName = "adamw";
    public const string RateKey = "lr", WeightDecayKey = "weight_decay", DisableKey = "disable";

    /// <summary>Each optimizer with its settings and their defaults, the one place they are written: VeloGrad's are the
    /// reference optimizer's (the library's <c>VeloGradOptions</c> has the same, held so by a test), Adam's and SGD's
    /// the reference notebook's (weight decay 1e-4 as L2), AdamW's PyTorch's (weight decay 1e-2, decoupled).</summary>
    public static IReadOnlyList<OptimizerDefinition> All { get; } =
    [
        new(VeloGradName, "VeloGrad", [S.Rate.Defaulting(0.0015), S.Beta1.Defaulting(0.9), S.Beta2.Defaulting(0.99), S.Epsilon.Defaulting(1e-8),
            S.WeightDecay.Defaulting(1e-4), S.LookaheadInterval.Defaulting(5), S.SlowUpdateRate.Defaulting(0.5), S.InterpolationStrength.Defaulting(0.2),
            new(S.Disable, null)]),
        new(AdamName, "Adam", AdamLike(weightDecay: 1e-4)),
        new(SgdName, "SGD", [S.Rate.Defaulting(0.01), S.Momentum.Defaulting(0.9), S.WeightDecay.Defaulting(1e-4), S.Dampening.Defaulting(0), S.Nesterov.Defaulting(0)]),
        new(AdamWName, "AdamW", AdamLike(weightDecay: 1e-2)),
    ];

    /// <summary>Adam's and AdamW's settings: PyTorch's rate, betas and ε, and their own weight decay.</summary>
    private static OptimizerParameter[] AdamLike(double weightDecay) =>
        [S.Rate.Defaulting(1e-3), S.Beta1.Defaulting(0.9), S.Beta2.Defaulting(0.999), S.Epsilon.Defaulting(1e-8), S.WeightDecay.Defaulting(weightDecay)];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    /// <summary>The reference's comparison: VeloGrad, Adam, SGD.</summary>
    public static IReadOnlyList<string> ReferenceComparison { get; } = [VeloGradName, AdamName, SgdName];

    /// <summary>VeloGrad's five parts by their command-line names, in the order of its update.</summary>
    public static IReadOnlyList<string> VeloGradParts { get; } =
        ["gradient-norm-scaling", "directional-momentum", "adaptive-lr", "adaptive-weight-decay", "lookahead"];

    public static OptimizerDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    public static string DisplayName(string name) => Find(name)?.DisplayName ?? name;
}
