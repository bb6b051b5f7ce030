namespace VeloGrad.Runs;

/// <summary>
/// DeepOBS's three baseline optimizers as this project's optimizer specs, without their learning rate (each problem has
/// its own, <see cref="Workload.BaselineRates"/>): plain SGD, heavy-ball momentum 0.99 (PyTorch's SGD with momentum and no
/// dampening: TensorFlow's MomentumOptimizer, which DeepOBS ran, steps the same way) and Adam, all without weight decay.
/// The reference's sgd and adam (momentum 0.9 and weight decay 1e-4) are other optimizers.
/// </summary>
public static class DeepObsOptimizers
{
    public const string Sgd = "SGD", Momentum = "Momentum", Adam = "Adam";

    /// <summary>Each baseline by DeepOBS's name, in DeepOBS's order.</summary>
    public static IReadOnlyList<(string Name, OptimizerSpec Spec)> All { get; } =
    [
        (Sgd, OptimizerSpec.Parse("sgd:momentum=0,weight_decay=0")),
        (Momentum, OptimizerSpec.Parse("sgd:momentum=0.99,weight_decay=0")),
        (Adam, OptimizerSpec.Parse("adam:weight_decay=0")),
    ];

    /// <summary>The DeepOBS suite's optimizers: VeloGrad at its defaults, then DeepOBS's baselines.</summary>
    public static IReadOnlyList<OptimizerSpec> Suite { get; } = [OptimizerSpec.Parse(OptimizerCatalog.VeloGradName), .. All.Select(b => b.Spec)];

    /// <summary>DeepOBS's name of <paramref name="spec"/> (whatever its learning rate), or null if it is none of the baselines.</summary>
    public static string? NameOf(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var template = spec.Without(OptimizerCatalog.RateKey);
        return All.FirstOrDefault(b => b.Spec.Equals(template)).Name;
    }
}
