using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using VeloGrad.Baselines;

namespace VeloGrad.Training.Optimizers;

/// <summary>SGD with momentum, dampening, L2 weight decay and Nesterov's variant; its defaults are the catalog's (the
/// reference's: lr 0.01, momentum 0.9, weight decay 1e-4).</summary>
public sealed record SgdRecipe(double LearningRate, double Momentum, double WeightDecay, double Dampening, bool Nesterov) : IOptimizerRecipe
{
    /// <summary>Every setting of <paramref name="spec"/>: its override, else its default.</summary>
    public static SgdRecipe From(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(spec.ValueOrDefault(OptimizerSettings.Rate), spec.ValueOrDefault(OptimizerSettings.Momentum), spec.ValueOrDefault(OptimizerSettings.WeightDecay),
            spec.ValueOrDefault(OptimizerSettings.Dampening), spec.ValueOrDefault(OptimizerSettings.Nesterov) == 1);
    }

    public optim.Optimizer Create(IEnumerable<Parameter> parameters) =>
        new MultiTensorSgd(parameters, LearningRate, Momentum, Dampening, WeightDecay, Nesterov);
}
