using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using VeloGrad.Baselines;

namespace VeloGrad.Training.Optimizers;

/// <summary>Adam and AdamW, one recipe: AdamW is Adam with decoupled weight decay (Loshchilov &amp; Hutter). Their
/// defaults are the catalog's (<see cref="OptimizerCatalog.All"/>).</summary>
public sealed record AdamRecipe(double LearningRate, double Beta1, double Beta2, double Epsilon, double WeightDecay, bool DecoupledWeightDecay) : IOptimizerRecipe
{
    /// <summary>Every setting of <paramref name="spec"/> (an Adam or AdamW spec): its override, else its default.</summary>
    public static AdamRecipe From(OptimizerSpec spec, bool decoupledWeightDecay)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(spec.ValueOrDefault(OptimizerSettings.Rate), spec.ValueOrDefault(OptimizerSettings.Beta1), spec.ValueOrDefault(OptimizerSettings.Beta2),
            spec.ValueOrDefault(OptimizerSettings.Epsilon), spec.ValueOrDefault(OptimizerSettings.WeightDecay), decoupledWeightDecay);
    }

    public optim.Optimizer Create(IEnumerable<Parameter> parameters) => DecoupledWeightDecay
        ? new MultiTensorAdamW(parameters, LearningRate, Beta1, Beta2, Epsilon, WeightDecay)
        : new MultiTensorAdam(parameters, LearningRate, Beta1, Beta2, Epsilon, WeightDecay);
}
