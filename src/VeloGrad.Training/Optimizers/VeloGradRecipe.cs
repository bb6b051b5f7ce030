using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace VeloGrad.Training.Optimizers;

/// <summary>VeloGrad: its options are the recipe, each the spec's override or the catalog's default (the reference
/// optimizer's, which <see cref="VeloGradOptions"/> also has for the library's users: a test holds the two together);
/// <c>disable=a+b</c> switches parts off by name.</summary>
public sealed record VeloGradRecipe(VeloGradOptions Options) : IOptimizerRecipe
{
    /// <summary>The options <paramref name="spec"/> gives. Every value was checked against its range when the spec was
    /// parsed (the ranges VeloGradOptions.Validate holds), and VeloGrad's settings constrain nothing together, so the
    /// options are valid.</summary>
    public static VeloGradRecipe From(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var components = VeloGradComponents.All;
        foreach (var part in spec.DisabledParts) components &= ~ComponentNames.Parse(part);
        var options = new VeloGradOptions
        {
            LearningRate = spec.ValueOrDefault(OptimizerSettings.Rate),
            Beta1 = spec.ValueOrDefault(OptimizerSettings.Beta1),
            Beta2 = spec.ValueOrDefault(OptimizerSettings.Beta2),
            Epsilon = spec.ValueOrDefault(OptimizerSettings.Epsilon),
            WeightDecay = spec.ValueOrDefault(OptimizerSettings.WeightDecay),
            LookaheadInterval = (int)spec.ValueOrDefault(OptimizerSettings.LookaheadInterval), // a whole number ≥ 1
            SlowUpdateRate = spec.ValueOrDefault(OptimizerSettings.SlowUpdateRate),
            InterpolationStrength = spec.ValueOrDefault(OptimizerSettings.InterpolationStrength),
            Components = components,
        };
        options.Validate();
        return new VeloGradRecipe(options);
    }

    public optim.Optimizer Create(IEnumerable<Parameter> parameters) => new VeloGradOptimizer(parameters, Options);
}
