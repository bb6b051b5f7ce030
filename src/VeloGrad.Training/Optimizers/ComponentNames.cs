namespace VeloGrad.Training.Optimizers;

/// <summary>VeloGrad's parts by their command-line names (kebab-case).</summary>
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

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static VeloGradComponents Parse(string name) =>
        ByName.TryGetValue(name.ToLowerInvariant(), out var component) ? component
            : throw new ArgumentException($"Unknown VeloGrad component '{name}': use {string.Join(", ", ByName.Keys)} (joined by '+').");
}
