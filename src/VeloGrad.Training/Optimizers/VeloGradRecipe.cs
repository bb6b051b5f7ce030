using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace VeloGrad.Training.Optimizers;

/// <summary>VeloGrad: its options are the recipe, with the reference optimizer's defaults where
/// <see cref="VeloGradOptions"/> writes them; <c>disable=a+b</c> switches parts off by name.</summary>
public sealed record VeloGradRecipe(VeloGradOptions Options) : IOptimizerRecipe
{
    public double LearningRate => Options.LearningRate;

    public double WeightDecay => Options.WeightDecay;

    /// <summary>The spec's overrides on <see cref="VeloGradOptions"/>' defaults. Every value was checked against its
    /// range when the spec was parsed (the ranges VeloGradOptions.Validate holds), and VeloGrad's settings constrain
    /// nothing together, so the options are valid.</summary>
    public static VeloGradRecipe From(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var d = new VeloGradOptions();
        var components = VeloGradComponents.All;
        foreach (var part in spec.DisabledParts) components &= ~ComponentNames.Parse(part);
        var options = new VeloGradOptions
        {
            LearningRate = spec.Value(OptimizerSettings.Rate) ?? d.LearningRate,
            Beta1 = spec.Value(OptimizerSettings.Beta1) ?? d.Beta1,
            Beta2 = spec.Value(OptimizerSettings.Beta2) ?? d.Beta2,
            Epsilon = spec.Value(OptimizerSettings.Epsilon) ?? d.Epsilon,
            WeightDecay = spec.Value(OptimizerSettings.WeightDecay) ?? d.WeightDecay,
            LookaheadInterval = spec.Value(OptimizerSettings.LookaheadInterval) is double k ? (int)k : d.LookaheadInterval, // a whole number ≥ 1
            SlowUpdateRate = spec.Value(OptimizerSettings.SlowUpdateRate) ?? d.SlowUpdateRate,
            InterpolationStrength = spec.Value(OptimizerSettings.InterpolationStrength) ?? d.InterpolationStrength,
            Components = components,
        };
        options.Validate();
        return new VeloGradRecipe(options);
    }

    public optim.Optimizer Create(IEnumerable<Parameter> parameters) => new VeloGradOptimizer(parameters, Options);
}
