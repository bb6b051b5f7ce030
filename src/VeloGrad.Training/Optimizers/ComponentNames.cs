namespace VeloGrad.Training.Optimizers;

/// <summary>VeloGrad's parts by their command-line names (<see cref="OptimizerCatalog.VeloGradParts"/>), name by name.</summary>
public static class ComponentNames
{
    private static readonly Dictionary<string, VeloGradComponents> ByName = new(StringComparer.Ordinal)
    {
        ["gradient-norm-scaling"] = VeloGradComponents.GradientNormScaling,
        ["directional-momentum"] = VeloGradComponents.DirectionalMomentum,
        ["adaptive-lr"] = VeloGradComponents.AdaptiveLearningRate,
        ["adaptive-weight-decay"] = VeloGradComponents.AdaptiveWeightDecay,
        ["lookahead"] = VeloGradComponents.Lookahead,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static VeloGradComponents Parse(string name) =>
        ByName.TryGetValue(name.ToLowerInvariant(), out var part) ? part
            : throw new InvalidSettingException(nameof(TrainingConfig.Optimizer), $"Unknown VeloGrad component '{name}': use {string.Join(", ", OptimizerCatalog.VeloGradParts)} (joined by '+').");

    public static string NameOf(VeloGradComponents part) => ByName.Single(p => p.Value == part).Key;
}
