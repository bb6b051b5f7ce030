namespace VeloGrad.Execution;

/// <summary>One group's hyperparameters for one step, read once from its options.</summary>
internal readonly record struct StepHyperparameters(
    double LearningRate,
    double Beta1,
    double Beta2,
    double Epsilon,
    double WeightDecay,
    int LookaheadInterval,
    double SlowUpdateRate,
    double InterpolationStrength,
    VeloGradComponents Components)
{
    public static StepHyperparameters From(VeloGradOptions o) => new(
        o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay, o.LookaheadInterval,
        o.SlowUpdateRate, o.InterpolationStrength, o.Components);

    public bool Has(VeloGradComponents component) => (Components & component) == component;
}
