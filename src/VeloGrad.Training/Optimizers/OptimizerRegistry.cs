using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Baselines;
using static TorchSharp.torch;

namespace VeloGrad.Training.Optimizers;

/// <summary>
/// Builds the optimizers an <see cref="OptimizerSpec"/> names, with the reference's settings: VeloGrad (lr 0.0015,
/// betas 0.9/0.99, wd 1e-4, k 5, α_slow 0.5, α_interp 0.2), Adam (lr 1e-3, wd 1e-4), SGD (lr 0.01, momentum 0.9,
/// wd 1e-4), and AdamW with PyTorch's defaults (lr 1e-3, wd 1e-2); every hyperparameter can be overridden.
/// </summary>
public static class OptimizerRegistry
{
    /// <summary>Checks the ranges of a spec's values (the spec itself checked names, keys and finiteness).</summary>
    /// <exception cref="InvalidSettingException">A value is out of its range.</exception>
    public static void Validate(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Name == OptimizerCatalog.VeloGradName)
        {
            try
            {
                VeloGradOptionsOf(spec).Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw Invalid(spec, e.Message.Split(" (Parameter", 2)[0]);
            }
            return;
        }
        foreach (var (key, text) in spec.Overrides)
        {
            double value = spec.Number(key, 0);
            bool ok = key switch
            {
                "beta1" or "beta2" => value is >= 0 and < 1,
                "dampening" => value is >= 0 and <= 1,
                _ => value >= 0,
            };
            if (!ok) throw Invalid(spec, $"{key}={text} is out of range: {(key is "beta1" or "beta2" ? "it must lie in [0, 1)" : key == "dampening" ? "it must lie in [0, 1]" : "it must be ≥ 0")}.");
        }
    }

    private static InvalidSettingException Invalid(OptimizerSpec spec, string why) =>
        new(nameof(TrainingConfig.Optimizer), $"Optimizer '{spec}': {why}");

    /// <summary>The optimizer a spec names, over <paramref name="parameters"/>. On an accelerator, Adam, AdamW and SGD
    /// step through libtorch's multi-tensor kernels (<see cref="MultiTensorAdam"/> and its kin: TorchSharp's optimizers
    /// with the same state and arithmetic), so that a comparison measures the optimizers rather than launch overhead;
    /// on the CPU they are TorchSharp's own, whose per-tensor loop costs nothing there.</summary>
    public static optim.Optimizer Create(OptimizerSpec spec, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var list = parameters.ToList();
        bool multiTensor = list.Count > 0 && list[0].device_type != DeviceType.CPU;
        double lr = LearningRate(spec), weightDecay = WeightDecay(spec);
        double beta1 = spec.Number("beta1", 0.9), beta2 = spec.Number("beta2", 0.999), eps = spec.Number("eps", 1e-8);
        return spec.Name switch
        {
            OptimizerCatalog.VeloGradName => new VeloGradOptimizer(list, VeloGradOptionsOf(spec)),
            OptimizerCatalog.AdamName => multiTensor ? new MultiTensorAdam(list, lr, beta1, beta2, eps, weightDecay)
                : optim.Adam(list, lr: lr, beta1: beta1, beta2: beta2, eps: eps, weight_decay: weightDecay),
            OptimizerCatalog.AdamWName => multiTensor ? new MultiTensorAdamW(list, lr, beta1, beta2, eps, weightDecay)
                : optim.AdamW(list, lr: lr, beta1: beta1, beta2: beta2, eps: eps, weight_decay: weightDecay),
            OptimizerCatalog.SgdName => Sgd(list, spec, lr, weightDecay, multiTensor),
            _ => throw new InvalidSettingException(nameof(TrainingConfig.Optimizer), $"Unknown optimizer '{spec.Name}'."),
        };
    }

    private static optim.Optimizer Sgd(List<Parameter> list, OptimizerSpec spec, double lr, double weightDecay, bool multiTensor)
    {
        double momentum = spec.Number("momentum", 0.9), dampening = spec.Number("dampening", 0);
        bool nesterov = spec.Number("nesterov", 0) != 0;
        return multiTensor ? new MultiTensorSgd(list, lr, momentum, dampening, weightDecay, nesterov)
            : optim.SGD(list, learningRate: lr, momentum: momentum, dampening: dampening, weight_decay: weightDecay, nesterov: nesterov);
    }

    /// <summary>The learning rate a spec trains with: its override, else the optimizer's reference default.</summary>
    public static double LearningRate(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Number("lr", spec.Name switch
        {
            OptimizerCatalog.VeloGradName => new VeloGradOptions().LearningRate,
            OptimizerCatalog.AdamName or OptimizerCatalog.AdamWName => 1e-3,
            OptimizerCatalog.SgdName => 0.01,
            _ => throw new InvalidSettingException(nameof(TrainingConfig.Optimizer), $"Unknown optimizer '{spec.Name}'."),
        });
    }

    /// <summary>The weight decay a spec trains with: its override, else the optimizer's reference default.</summary>
    public static double WeightDecay(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Number("weight_decay", spec.Name switch
        {
            OptimizerCatalog.VeloGradName => new VeloGradOptions().WeightDecay,
            OptimizerCatalog.AdamName or OptimizerCatalog.SgdName => 1e-4,
            OptimizerCatalog.AdamWName => 1e-2,
            _ => throw new InvalidSettingException(nameof(TrainingConfig.Optimizer), $"Unknown optimizer '{spec.Name}'."),
        });
    }

    /// <summary>VeloGrad's options from a spec; <c>disable</c> takes part names joined by '+'.</summary>
    public static VeloGradOptions VeloGradOptionsOf(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var defaults = new VeloGradOptions(); // the reference optimizer's hyperparameters
        var components = VeloGradComponents.All;
        foreach (var part in spec.DisabledParts) components &= ~ComponentNames.Parse(part);
        double lookahead = spec.Number("lookahead_k", defaults.LookaheadInterval);
        return new VeloGradOptions
        {
            LearningRate = LearningRate(spec),
            Beta1 = spec.Number("beta1", defaults.Beta1),
            Beta2 = spec.Number("beta2", defaults.Beta2),
            Epsilon = spec.Number("eps", defaults.Epsilon),
            WeightDecay = WeightDecay(spec),
            LookaheadInterval = lookahead is >= 1 and <= int.MaxValue && lookahead == Math.Floor(lookahead) ? (int)lookahead
                : throw Invalid(spec, $"lookahead_k={lookahead.ToString(CultureInfo.InvariantCulture)} must be a whole number ≥ 1."),
            SlowUpdateRate = spec.Number("alpha_slow", defaults.SlowUpdateRate),
            InterpolationStrength = spec.Number("alpha_interp", defaults.InterpolationStrength),
            Components = components,
        };
    }
}
