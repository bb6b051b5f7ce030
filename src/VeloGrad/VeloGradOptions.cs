using System.Globalization;

namespace VeloGrad;

/// <summary>
/// VeloGrad's hyperparameters, with the reference implementation's defaults. Used for the optimizer's defaults
/// and for each parameter group.
/// </summary>
public sealed record VeloGradOptions
{
    /// <summary>Base learning rate (reference: <c>lr</c>, 0.0015).</summary>
    public double LearningRate { get; init; } = 0.0015;

    /// <summary>Decay of the first moment (reference: <c>betas[0]</c>, 0.9).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second moment and of the loss average (reference: <c>betas[1]</c>, 0.99).</summary>
    public double Beta2 { get; init; } = 0.99;

    /// <summary>Term added for numerical stability (reference: <c>eps</c>, 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Base coefficient of the decoupled weight decay (reference: <c>weight_decay</c>, 1e-4).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Lookahead interval k in steps (reference: <c>lookahead_k</c>, 5).</summary>
    public int LookaheadInterval { get; init; } = 5;

    /// <summary>Rate at which slow weights move towards the fast ones (reference: <c>alpha_slow</c>, 0.5).</summary>
    public double SlowUpdateRate { get; init; } = 0.5;

    /// <summary>How far fast weights are pulled back to the slow ones (reference: <c>alpha_interp</c>, 0.2).</summary>
    public double InterpolationStrength { get; init; } = 0.2;

    /// <summary>Which of the five parts are on; <see cref="VeloGradComponents.All"/> is the reference.</summary>
    public VeloGradComponents Components { get; init; } = VeloGradComponents.All;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first hyperparameter outside its range.</summary>
    public void Validate()
    {
        RequireAtLeastZero(LearningRate, nameof(LearningRate));
        RequireAtLeastZero(Epsilon, nameof(Epsilon));
        RequireAtLeastZero(WeightDecay, nameof(WeightDecay));
        RequireBeta(Beta1, nameof(Beta1));
        RequireBeta(Beta2, nameof(Beta2));
        if (LookaheadInterval < 1)
            throw new ArgumentOutOfRangeException(nameof(LookaheadInterval), LookaheadInterval,
                $"{nameof(LookaheadInterval)} must be an integer ≥ 1 (steps between lookahead updates); got {LookaheadInterval}.");
        RequireRate(SlowUpdateRate, nameof(SlowUpdateRate));
        RequireRate(InterpolationStrength, nameof(InterpolationStrength));
        if ((Components & ~VeloGradComponents.All) != 0)
            throw new ArgumentOutOfRangeException(nameof(Components), Components,
                $"{nameof(Components)} holds flags outside {nameof(VeloGradComponents)}.{nameof(VeloGradComponents.All)}.");
    }

    private static void RequireAtLeastZero(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0; got {Format(value)}.");
    }

    private static void RequireBeta(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, 1); got {Format(value)}.");
    }

    private static void RequireRate(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, 1]; got {Format(value)}.");
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
