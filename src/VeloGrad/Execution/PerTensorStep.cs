using TorchSharp;
using VeloGrad.Components;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>
/// The reference execution: the reference's arithmetic one tensor at a time, each part a named component.
/// Every per-tensor scalar (norms, cosine, factors) stays a 0-dim tensor on the parameter's device, so a step
/// never waits for the device. Temporaries belong to the caller's dispose scope.
/// </summary>
internal static class PerTensorStep
{
    public static void Apply(ParameterStep item, in StepHyperparameters h, LossFactor lossFactor)
    {
        var (param, grad, state) = item;
        state.InitializeFromParameter();
        state.Step += 1;
        long step = state.Step;
        double eps = h.Epsilon;

        var gradNorm = Norm(grad);
        Tensor? momentumFactor = null;
        if (h.Has(VeloGradComponents.DirectionalMomentum))
        {
            momentumFactor = DirectionalMomentum.Factor(grad, state.PrevGrad!, gradNorm, eps, step);
            state.PrevGrad!.copy_(grad);
        }

        var scaled = h.Has(VeloGradComponents.GradientNormScaling) ? grad * GradientNormScaling.Factor(gradNorm) : grad;
        state.ExpAvg!.mul_(h.Beta1).add_(scaled, alpha: 1 - h.Beta1);
        state.ExpAvgSq!.mul_(h.Beta2).add_(scaled.square(), alpha: 1 - h.Beta2);

        double biasCorrection1 = 1 - Math.Pow(h.Beta1, step);
        double biasCorrection2 = 1 - Math.Pow(h.Beta2, step);
        var correctedExpAvg = state.ExpAvg / biasCorrection1;
        var denominator = (state.ExpAvgSq / biasCorrection2).sqrt_().add_(eps);
        var update = correctedExpAvg.div_(denominator);

        Tensor learningRate = h.Has(VeloGradComponents.AdaptiveLearningRate)
            ? AdaptiveLearningRate.Rate(h.LearningRate, lossFactor, gradNorm, eps)
            : ScalarLike(gradNorm, h.LearningRate);
        var stepSize = momentumFactor is null ? learningRate : learningRate * momentumFactor;
        param.sub_(update * stepSize);

        if (h.Has(VeloGradComponents.AdaptiveWeightDecay))
            param.mul_(1 - learningRate * AdaptiveWeightDecay.Coefficient(h.WeightDecay, lossFactor, update, eps));
        else if (h.WeightDecay != 0)
            param.mul_(1 - learningRate * h.WeightDecay);

        if (h.Has(VeloGradComponents.Lookahead) && Lookahead.IsDue(step, h.LookaheadInterval))
            Lookahead.Synchronize(param, state.SlowParams!, h.SlowUpdateRate, h.InterpolationStrength);
    }

    /// <summary>L2 norm as a 0-dim tensor; reduced in float32 for half-precision tensors, whose own precision
    /// would distort the scale factors (the reference reads them back as Python floats).</summary>
    private static Tensor Norm(Tensor t)
        => t.dtype is ScalarType.BFloat16 or ScalarType.Float16 ? t.to(ScalarType.Float32).norm() : t.norm();

    private static Tensor ScalarLike(Tensor like, double value) => full(Array.Empty<long>(), value, like.dtype, like.device);
}
