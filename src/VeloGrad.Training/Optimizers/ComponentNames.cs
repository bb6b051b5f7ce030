namespace VeloGrad.Training.Optimizers;

/// <summary>VeloGrad's parts by their command-line names (<see cref="OptimizerCatalog.VeloGradParts"/>).</summary>
public static class ComponentNames
{
    private static readonly VeloGradComponents[] InCatalogOrder =
    [
        VeloGradComponents.GradientNormScaling, VeloGradComponents.DirectionalMomentum, VeloGradComponents.AdaptiveLearningRate,
        VeloGradComponents.AdaptiveWeightDecay, VeloGradComponents.Lookahead,
    ];

    public static VeloGradComponents Parse(string name)
    {
        int index = OptimizerCatalog.VeloGradParts.ToList().IndexOf(name.ToLowerInvariant());
        return index >= 0 ? InCatalogOrder[index]
            : throw new InvalidSettingException(nameof(TrainingConfig.Optimizer), $"Unknown VeloGrad component '{name}': use {string.Join(", ", OptimizerCatalog.VeloGradParts)} (joined by '+').");
    }

    public static string NameOf(VeloGradComponents part) => OptimizerCatalog.VeloGradParts[Array.IndexOf(InCatalogOrder, part)];
}
