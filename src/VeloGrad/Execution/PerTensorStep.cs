using TorchSharp;
using VeloGrad.Components;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>
/// The simple strategy: the reference's arithmetic one tensor at a time, the scalars from
/// <see cref="StepScalars"/> on 0-dim tensors that stay on the parameter's device, so a step never waits for the
/// device. Temporaries belong to the caller's dispose scope.
/// </summary>
internal static class PerTensorStep
{
    public static void Apply(ParameterStep item, in StepHyperparameters h, LossFactor lossFactor)
    {
        var (param, grad, state) = item;
        state.PrepareFor(h.Components);
        state.Step += 1;
        long step = state.Step;
        double eps = h.Epsilon;

        var gradNorm = Norm(grad);
        bool cosine = StepScalars.NeedsCosine(h, step);
        var scalars = StepScalars.BeforeUpdate<Tensor, DeviceScalars>(gradNorm,
            cosine ? new PreviousGradient<Tensor>(DirectionalMomentum.Dot(grad, state.PrevGrad!), Norm(state.PrevGrad!)) : null, step, h, lossFactor);
        if (h.Has(VeloGradComponents.DirectionalMomentum)) state.PrevGrad!.copy_(grad);

        var scaled = scalars.Scale is { Value: var scale } ? grad * scale : grad;
        state.ExpAvg!.mul_(h.Beta1).add_(scaled, alpha: 1 - h.Beta1);
        state.ExpAvgSq!.mul_(h.Beta2).add_(scaled.square(), alpha: 1 - h.Beta2);

        var (biasCorrection1, biasCorrection2) = StepScalars.BiasCorrections(h, step);
        var correctedExpAvg = state.ExpAvg / biasCorrection1;
        var denominator = (state.ExpAvgSq / biasCorrection2).sqrt_().add_(eps);
        var update = correctedExpAvg.div_(denominator);
        param.sub_(update * scalars.StepSize);

        var decay = StepScalars.Decay<Tensor, DeviceScalars>(scalars.LearningRate,
            StepScalars.NeedsUpdateNorm(h) ? new Some<Tensor>(update.norm()) : null, h, lossFactor);
        if (decay is { Value: var multiplier }) param.mul_(multiplier);

        if (StepScalars.LookaheadDue(h, step))
            Lookahead.Synchronize(param, state.SlowParams!, h.SlowUpdateRate, h.InterpolationStrength);
    }

    /// <summary>L2 norm as a 0-dim tensor; reduced in float32 for half-precision tensors, whose own precision
    /// would distort the scale factors (the reference reads them back as Python floats).</summary>
    private static Tensor Norm(Tensor t)
        => t.dtype is ScalarType.BFloat16 or ScalarType.Float16 ? t.to(ScalarType.Float32).norm() : t.norm();
}
