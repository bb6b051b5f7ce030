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

    /// <exception cref="InvalidSettingException">The settings together are not a valid VeloGrad (its own checks).</exception>
    public static VeloGradRecipe From(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var d = new VeloGradOptions();
        var components = VeloGradComponents.All;
        foreach (var part in spec.DisabledParts) components &= ~ComponentNames.Parse(part);
        var options = new VeloGradOptions
        {
            LearningRate = spec.Value("lr") ?? d.LearningRate,
            Beta1 = spec.Value("beta1") ?? d.Beta1,
            Beta2 = spec.Value("beta2") ?? d.Beta2,
            Epsilon = spec.Value("eps") ?? d.Epsilon,
            WeightDecay = spec.Value("weight_decay") ?? d.WeightDecay,
            LookaheadInterval = spec.Value("lookahead_k") is double k ? (int)k : d.LookaheadInterval, // a whole number ≥ 1, checked by the spec
            SlowUpdateRate = spec.Value("alpha_slow") ?? d.SlowUpdateRate,
            InterpolationStrength = spec.Value("alpha_interp") ?? d.InterpolationStrength,
            Components = components,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidSettingException(nameof(TrainingConfig.Optimizer), $"Optimizer '{spec}': {e.Message.Split(" (Parameter", 2)[0]}");
        }
        return new VeloGradRecipe(options);
    }

    public optim.Optimizer Create(IEnumerable<Parameter> parameters) => new VeloGradOptimizer(parameters, Options);
}
