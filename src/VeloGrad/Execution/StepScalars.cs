using VeloGrad.Components;

namespace VeloGrad.Execution;

/// <summary>A value that is there (<c>Some&lt;T&gt;?</c> is null when it is not): the scalars a switched-off part would
/// have made are absent, not stand-ins.</summary>
internal readonly record struct Some<T>(T Value);

/// <summary>What directional momentum reads of the previous gradient: g·g_prev and ‖g_prev‖.</summary>
internal readonly record struct PreviousGradient<T>(T Dot, T Norm);

/// <summary>One tensor's scalars for a step, before its update: the gradient's scale factor (null: gradient-norm
/// scaling is off), the learning rate and the step size (learning rate × directional-momentum factor).</summary>
internal readonly record struct TensorStepScalars<T>(Some<T>? Scale, T LearningRate, T StepSize);

/// <remarks>
/// The moment update itself (m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², the bias-corrected step) is restated by each
/// strategy in its own arithmetic — tensor ops, a fused host loop, <c>_foreach</c> kernels — as PyTorch's adam.py
/// restates it in its single-tensor, foreach and fused paths; tests hold them to one another and to the reference in
/// float64. What they share are the scalars below.
/// </remarks>
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
    /// <param name="previous">g·g_prev and ‖g_prev‖: given exactly when <see cref="NeedsCosine"/>.</param>
    /// <param name="step">The tensor's step count, this step included.</param>
    /// <param name="h">The group's hyperparameters.</param>
    /// <param name="lossFactor">The loss-aware factor of this step.</param>
    public static TensorStepScalars<T> BeforeUpdate<T, TMath>(T gradNorm, PreviousGradient<T>? previous, long step, in StepHyperparameters h, LossFactor lossFactor)
        where TMath : IScalarMath<T>
    {
        if (previous.HasValue != NeedsCosine(h, step))
            throw new ArgumentException(previous.HasValue ? "The previous gradient was given to a step that does not read it." : "This step reads the previous gradient, and it was not given.", nameof(previous));
        Some<T>? scale = h.Has(VeloGradComponents.GradientNormScaling) ? new(GradientNormScaling.Factor<T, TMath>(gradNorm)) : null;
        T learningRate = h.Has(VeloGradComponents.AdaptiveLearningRate)
            ? AdaptiveLearningRate.Rate<T, TMath>(h.LearningRate, lossFactor, gradNorm, h.Epsilon)
            : TMath.Constant(gradNorm, h.LearningRate);
        T stepSize = previous is { } p
            ? TMath.Multiply(learningRate, DirectionalMomentum.Factor<T, TMath>(p.Dot, gradNorm, p.Norm, h.Epsilon))
            : learningRate;
        return new(scale, learningRate, stepSize);
    }

    /// <summary>The factor p shrinks by, p ← p · (1 − lr · wd), with wd adaptive to the loss and ‖update‖ when that
    /// part is on; null when nothing decays.</summary>
    /// <param name="learningRate">The tensor's learning rate from <see cref="BeforeUpdate"/>.</param>
    /// <param name="updateNorm">‖m̂ / (√v̂ + ε)‖: given exactly when <see cref="NeedsUpdateNorm"/>.</param>
    /// <param name="h">The group's hyperparameters.</param>
    /// <param name="lossFactor">The loss-aware factor of this step.</param>
    public static Some<T>? Decay<T, TMath>(T learningRate, Some<T>? updateNorm, in StepHyperparameters h, LossFactor lossFactor)
        where TMath : IScalarMath<T>
    {
        if (updateNorm.HasValue != NeedsUpdateNorm(h))
            throw new ArgumentException(updateNorm.HasValue ? "‖update‖ was given to a decay that does not read it." : "This decay reads ‖update‖, and it was not given.", nameof(updateNorm));
        if (updateNorm is { Value: var norm })
            return new(TMath.OneMinus(TMath.Multiply(learningRate, AdaptiveWeightDecay.Coefficient<T, TMath>(h.WeightDecay, lossFactor, norm, h.Epsilon))));
        return h.WeightDecay != 0 ? new(TMath.OneMinus(TMath.Multiply(learningRate, h.WeightDecay))) : null;
    }

    /// <summary>Adam's bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ for a tensor's step <paramref name="step"/>.</summary>
    public static (double First, double Second) BiasCorrections(in StepHyperparameters h, long step) =>
        (1 - Math.Pow(h.Beta1, step), 1 - Math.Pow(h.Beta2, step));

    /// <summary>Whether lookahead synchronizes this step of a tensor.</summary>
    public static bool LookaheadDue(in StepHyperparameters h, long step) =>
        h.Has(VeloGradComponents.Lookahead) && Lookahead.IsDue(step, h.LookaheadInterval);
}
