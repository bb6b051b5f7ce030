using VeloGrad.Components;

namespace VeloGrad.Execution;

/// <summary>One tensor's scalars for a step, before its update: the gradient's scale factor (when gradient-norm
/// scaling is on), the learning rate and the step size (learning rate × directional-momentum factor).</summary>
internal readonly record struct TensorStepScalars<T>(bool Scaled, T Scale, T LearningRate, T StepSize);

/// <summary>One tensor's decay for a step: whether parameters shrink, and the factor they shrink by.</summary>
internal readonly record struct TensorDecay<T>(bool Decays, T Multiplier);

/// <summary>
/// Every per-tensor scalar of a VeloGrad step (and the bias corrections and lookahead timing) as one pure function of the tensor's norms, its step count, the
/// group's hyperparameters and the loss-aware factor, composed from the parts in <c>Components/</c>. Every
/// strategy calls it, so changing a part is one edit: the fused CPU strategy on host doubles, the per-tensor
/// strategy on 0-dim device tensors, the multi-tensor strategy on vectors of one entry per tensor.
/// </summary>
internal static class StepScalars
{
    /// <summary>Whether this step of a tensor needs g·g_prev and ‖g_prev‖.</summary>
    public static bool NeedsCosine(in StepHyperparameters h, long step) =>
        h.Has(VeloGradComponents.DirectionalMomentum) && DirectionalMomentum.Applies(step);

    /// <summary>Whether the decay needs ‖update‖.</summary>
    public static bool NeedsUpdateNorm(in StepHyperparameters h) => h.Has(VeloGradComponents.AdaptiveWeightDecay);

    /// <param name="gradNorm">‖g‖.</param>
    /// <param name="dot">g·g_prev, when <see cref="NeedsCosine"/>.</param>
    /// <param name="previousNorm">‖g_prev‖, when <see cref="NeedsCosine"/>.</param>
    /// <param name="step">The tensor's step count, this step included.</param>
    /// <param name="h">The group's hyperparameters.</param>
    /// <param name="lossFactor">The loss-aware factor of this step.</param>
    public static TensorStepScalars<T> BeforeUpdate<T, TMath>(T gradNorm, T dot, T previousNorm, long step, in StepHyperparameters h, LossFactor lossFactor)
        where TMath : IScalarMath<T>
    {
        bool scaled = h.Has(VeloGradComponents.GradientNormScaling);
        T scale = scaled ? GradientNormScaling.Factor<T, TMath>(gradNorm) : gradNorm;
        T learningRate = h.Has(VeloGradComponents.AdaptiveLearningRate)
            ? AdaptiveLearningRate.Rate<T, TMath>(h.LearningRate, lossFactor, gradNorm, h.Epsilon)
            : TMath.Constant(gradNorm, h.LearningRate);
        T stepSize = NeedsCosine(h, step)
            ? TMath.Multiply(learningRate, DirectionalMomentum.Factor<T, TMath>(dot, gradNorm, previousNorm, h.Epsilon))
            : learningRate;
        return new(scaled, scale, learningRate, stepSize);
    }

    /// <summary>p ← p · (1 − lr · wd), wd adaptive to the loss and ‖update‖ when that part is on.</summary>
    /// <param name="learningRate">The tensor's learning rate from <see cref="BeforeUpdate"/>.</param>
    /// <param name="updateNorm">‖m̂ / (√v̂ + ε)‖, when <see cref="NeedsUpdateNorm"/>.</param>
    /// <param name="h">The group's hyperparameters.</param>
    /// <param name="lossFactor">The loss-aware factor of this step.</param>
    public static TensorDecay<T> Decay<T, TMath>(T learningRate, T updateNorm, in StepHyperparameters h, LossFactor lossFactor)
        where TMath : IScalarMath<T>
    {
        if (h.Has(VeloGradComponents.AdaptiveWeightDecay))
            return new(true, TMath.OneMinus(TMath.Multiply(learningRate, AdaptiveWeightDecay.Coefficient<T, TMath>(h.WeightDecay, lossFactor, updateNorm, h.Epsilon))));
        return h.WeightDecay != 0 ? new(true, TMath.OneMinus(TMath.Multiply(learningRate, h.WeightDecay))) : new(false, learningRate);
    }

    /// <summary>Adam's bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ for a tensor's step <paramref name="step"/>.</summary>
    public static (double First, double Second) BiasCorrections(in StepHyperparameters h, long step) =>
        (1 - Math.Pow(h.Beta1, step), 1 - Math.Pow(h.Beta2, step));

    /// <summary>Whether lookahead synchronizes this step of a tensor.</summary>
    public static bool LookaheadDue(in StepHyperparameters h, long step) =>
        h.Has(VeloGradComponents.Lookahead) && Lookahead.IsDue(step, h.LookaheadInterval);
}
