using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Training.Optimizers;

/// <summary>
/// The optimizers by name, with the reference's settings: VeloGrad (lr 0.0015, betas 0.9/0.99, wd 1e-4, k 5,
/// α_slow 0.5, α_interp 0.2), Adam (lr 1e-3, wd 1e-4), SGD (lr 0.01, momentum 0.9, wd 1e-4), and AdamW with
/// PyTorch's defaults (lr 1e-3, wd 1e-2). Every hyperparameter can be overridden through an <see cref="OptimizerSpec"/>.
/// </summary>
public static class OptimizerRegistry
{
    public const string VeloGradName = "velograd", AdamName = "adam", SgdName = "sgd", AdamWName = "adamw";

    public static IReadOnlyList<string> Names => [VeloGradName, AdamName, SgdName, AdamWName];

    private static readonly Dictionary<string, string[]> Keys = new(StringComparer.Ordinal)
    {
        [VeloGradName] = ["lr", "beta1", "beta2", "eps", "weight_decay", "lookahead_k", "alpha_slow", "alpha_interp", "disable"],
        [AdamName] = ["lr", "beta1", "beta2", "eps", "weight_decay"],
        [AdamWName] = ["lr", "beta1", "beta2", "eps", "weight_decay"],
        [SgdName] = ["lr", "momentum", "weight_decay", "dampening", "nesterov"],
    };

    /// <summary>The name the reference's tables use: VeloGrad, Adam, SGD, AdamW.</summary>
    public static string DisplayName(OptimizerSpec spec) => spec.Name switch
    {
        VeloGradName => "VeloGrad",
        AdamName => "Adam",
        SgdName => "SGD",
        AdamWName => "AdamW",
        _ => spec.Name,
    } + (spec.Overrides.Count == 0 ? "" : $" ({string.Join(", ", spec.Overrides.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))})");

    public static void Validate(OptimizerSpec spec)
    {
        if (!Keys.TryGetValue(spec.Name, out var keys))
            throw new ArgumentException($"Unknown optimizer '{spec.Name}': use one of {string.Join(", ", Names)}.");
        foreach (var key in spec.Overrides.Keys)
        {
            if (!keys.Contains(key))
                throw new ArgumentException($"Optimizer '{spec.Name}' has no setting '{key}'; it takes {string.Join(", ", keys)}.");
            if (key != "disable") spec.Number(key, 0);
        }
        if (spec.Name == VeloGradName) VeloGradOptionsOf(spec).Validate();
    }

    public static optim.Optimizer Create(OptimizerSpec spec, IEnumerable<Parameter> parameters)
    {
        Validate(spec);
        var list = parameters.ToList();
        return spec.Name switch
        {
            VeloGradName => new VeloGradOptimizer(list, VeloGradOptionsOf(spec)),
            AdamName => optim.Adam(list, lr: spec.Number("lr", 1e-3), beta1: spec.Number("beta1", 0.9), beta2: spec.Number("beta2", 0.999),
                eps: spec.Number("eps", 1e-8), weight_decay: spec.Number("weight_decay", 1e-4)),
            AdamWName => optim.AdamW(list, lr: spec.Number("lr", 1e-3), beta1: spec.Number("beta1", 0.9), beta2: spec.Number("beta2", 0.999),
                eps: spec.Number("eps", 1e-8), weight_decay: spec.Number("weight_decay", 1e-2)),
            SgdName => optim.SGD(list, learningRate: spec.Number("lr", 0.01), momentum: spec.Number("momentum", 0.9),
                dampening: spec.Number("dampening", 0), weight_decay: spec.Number("weight_decay", 1e-4),
                nesterov: spec.Number("nesterov", 0) != 0),
            _ => throw new ArgumentException($"Unknown optimizer '{spec.Name}'."),
        };
    }

    /// <summary>VeloGrad's options from a spec; <c>disable</c> takes component names joined by '+'.</summary>
    public static VeloGradOptions VeloGradOptionsOf(OptimizerSpec spec)
    {
        var reference = new VeloGradOptions();
        var components = VeloGradComponents.All;
        if (spec.Overrides.TryGetValue("disable", out var disabled))
        {
            foreach (var part in disabled.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                components &= ~ComponentNames.Parse(part);
        }
        return new VeloGradOptions
        {
            LearningRate = spec.Number("lr", reference.LearningRate),
            Beta1 = spec.Number("beta1", reference.Beta1),
            Beta2 = spec.Number("beta2", reference.Beta2),
            Epsilon = spec.Number("eps", reference.Epsilon),
            WeightDecay = spec.Number("weight_decay", reference.WeightDecay),
            LookaheadInterval = checked((int)spec.Number("lookahead_k", reference.LookaheadInterval)),
            SlowUpdateRate = spec.Number("alpha_slow", reference.SlowUpdateRate),
            InterpolationStrength = spec.Number("alpha_interp", reference.InterpolationStrength),
            Components = components,
        };
    }
}
