namespace VeloGrad.Training.Optimizers;

/// <summary>The name → recipe table: how each optimizer of <see cref="OptimizerCatalog"/> is made from a parsed spec.
/// Adding an optimizer is a definition in the catalog (its settings and defaults), a recipe file (how it is built), and a
/// line here.</summary>
public static class OptimizerRecipes
{
    private static readonly Dictionary<string, Func<OptimizerSpec, IOptimizerRecipe>> ByName = new(StringComparer.Ordinal)
    {
        [OptimizerCatalog.VeloGradName] = VeloGradRecipe.From,
        [OptimizerCatalog.AdamName] = spec => AdamRecipe.From(spec, decoupledWeightDecay: false),
        [OptimizerCatalog.SgdName] = SgdRecipe.From,
        [OptimizerCatalog.AdamWName] = spec => AdamRecipe.From(spec, decoupledWeightDecay: true),
    };

    /// <summary>The recipe <paramref name="spec"/> names, every setting decided and checked.</summary>
    /// <exception cref="InvalidSettingException">The settings together are invalid (each alone was checked by the spec).</exception>
    public static IOptimizerRecipe Of(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ByName.TryGetValue(spec.Name, out var recipe) ? recipe(spec)
            : throw new InvalidSettingException(nameof(TrainingConfig.Optimizer), $"Optimizer '{spec.Name}' has no recipe.");
    }

    /// <summary>The names that have a recipe (every catalog name, held so by a test).</summary>
    public static IEnumerable<string> Names => ByName.Keys;
}
