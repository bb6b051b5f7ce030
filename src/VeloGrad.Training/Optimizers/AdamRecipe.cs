using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using VeloGrad.Baselines;

namespace VeloGrad.Training.Optimizers;

/// <summary>Adam and AdamW, one recipe: AdamW is Adam with decoupled weight decay (Loshchilov &amp; Hutter), and its own
/// default decay. <see cref="Adam"/> has the reference's settings (lr 1e-3, weight decay 1e-4, L2), <see cref="AdamW"/>
/// PyTorch's (lr 1e-3, weight decay 1e-2, decoupled); both PyTorch's betas and ε.</summary>
public sealed record AdamRecipe(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 1e-4,
    bool DecoupledWeightDecay = false) : IOptimizerRecipe
{
    public static AdamRecipe Adam { get; } = new();

    public static AdamRecipe AdamW { get; } = new(WeightDecay: 1e-2, DecoupledWeightDecay: true);

    /// <summary>The spec's overrides on <paramref name="defaults"/> (<see cref="Adam"/> or <see cref="AdamW"/>).</summary>
    public static AdamRecipe From(OptimizerSpec spec, AdamRecipe defaults)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(defaults);
        return defaults with
        {
            LearningRate = spec.Value(OptimizerSettings.Rate) ?? defaults.LearningRate,
            Beta1 = spec.Value(OptimizerSettings.Beta1) ?? defaults.Beta1,
            Beta2 = spec.Value(OptimizerSettings.Beta2) ?? defaults.Beta2,
            Epsilon = spec.Value(OptimizerSettings.Epsilon) ?? defaults.Epsilon,
            WeightDecay = spec.Value(OptimizerSettings.WeightDecay) ?? defaults.WeightDecay,
        };
    }

    public optim.Optimizer Create(IEnumerable<Parameter> parameters) => DecoupledWeightDecay
        ? new MultiTensorAdamW(parameters, LearningRate, Beta1, Beta2, Epsilon, WeightDecay)
        : new MultiTensorAdam(parameters, LearningRate, Beta1, Beta2, Epsilon, WeightDecay);
}
