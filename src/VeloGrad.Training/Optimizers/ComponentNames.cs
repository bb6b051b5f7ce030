namespace VeloGrad.Training.Optimizers;

/// <summary>VeloGrad's parts by their command-line names: <see cref="OptimizerCatalog.VeloGradParts"/> (the one list of
/// the names, which a spec is checked against when parsed), in the order of the update, each with its flag.</summary>
public static class ComponentNames
{
    /// <summary>The flags in the order of <see cref="OptimizerCatalog.VeloGradParts"/> (a test holds the two together).</summary>
    private static readonly VeloGradComponents[] InUpdateOrder =
    [
        VeloGradComponents.GradientNormScaling, VeloGradComponents.DirectionalMomentum, VeloGradComponents.AdaptiveLearningRate,
        VeloGradComponents.AdaptiveWeightDecay, VeloGradComponents.Lookahead,
    ];

    private static readonly Dictionary<string, VeloGradComponents> ByName =
        OptimizerCatalog.VeloGradParts.Zip(InUpdateOrder).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);

    public static IEnumerable<string> Names => OptimizerCatalog.VeloGradParts;

    /// <summary>The part <paramref name="name"/> names (a name a parsed spec holds: checked there).</summary>
    public static VeloGradComponents Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name.ToLowerInvariant(), out var part) ? part
            : throw new ArgumentException($"'{name}' is not one of VeloGrad's parts; specs are checked when parsed.", nameof(name));
    }

    public static string NameOf(VeloGradComponents part) => ByName.Single(p => p.Value == part).Key;
}
