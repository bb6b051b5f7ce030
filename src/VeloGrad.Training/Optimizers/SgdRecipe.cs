using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using VeloGrad.Baselines;

namespace VeloGrad.Training.Optimizers;

/// <summary>SGD with the reference's settings (lr 0.01, momentum 0.9, weight decay 1e-4).</summary>
public sealed record SgdRecipe(double LearningRate = 0.01, double Momentum = 0.9, double WeightDecay = 1e-4, double Dampening = 0, bool Nesterov = false)
    : IOptimizerRecipe
{
    public static SgdRecipe From(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var d = new SgdRecipe();
        return new(spec.Value(OptimizerSettings.Rate) ?? d.LearningRate, spec.Value(OptimizerSettings.Momentum) ?? d.Momentum,
            spec.Value(OptimizerSettings.WeightDecay) ?? d.WeightDecay, spec.Value(OptimizerSettings.Dampening) ?? d.Dampening,
            spec.Value(OptimizerSettings.Nesterov) is double n ? n == 1 : d.Nesterov);
    }

    public optim.Optimizer Create(IEnumerable<Parameter> parameters) =>
        new MultiTensorSgd(parameters, LearningRate, Momentum, Dampening, WeightDecay, Nesterov);
}
