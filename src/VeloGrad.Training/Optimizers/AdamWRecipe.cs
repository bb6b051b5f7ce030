using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using VeloGrad.Baselines;

namespace VeloGrad.Training.Optimizers;

/// <summary>AdamW with PyTorch's defaults (lr 1e-3, weight decay 1e-2, betas 0.9/0.999, ε 1e-8).</summary>
public sealed record AdamWRecipe(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 1e-2)
    : IOptimizerRecipe
{
    public static AdamWRecipe From(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var d = new AdamWRecipe();
        return new(spec.Value("lr") ?? d.LearningRate, spec.Value("beta1") ?? d.Beta1, spec.Value("beta2") ?? d.Beta2,
            spec.Value("eps") ?? d.Epsilon, spec.Value("weight_decay") ?? d.WeightDecay);
    }

    public optim.Optimizer Create(IEnumerable<Parameter> parameters) => Placement.Materialize(parameters) is var (list, offCpu) && offCpu
        ? new MultiTensorAdamW(list, LearningRate, Beta1, Beta2, Epsilon, WeightDecay)
        : optim.AdamW(list, lr: LearningRate, beta1: Beta1, beta2: Beta2, eps: Epsilon, weight_decay: WeightDecay);
}
