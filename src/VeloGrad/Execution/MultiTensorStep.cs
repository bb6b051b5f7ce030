using TorchSharp;
using VeloGrad.Components;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>
/// The multi-tensor strategy, for accelerators, where launching kernels tensor by tensor costs more than the
/// arithmetic: the tensors of a group that have a gradient are stepped together by libtorch's <c>_foreach_*</c>
/// kernels (<c>Scripts/velograd_step.py</c>, through <see cref="TorchScriptKernels"/>), three calls a step whatever
/// the number of tensors. Between the calls the per-tensor scalars come from <see cref="StepScalars"/> on vectors of
/// one entry per tensor, on the device. Tensors are grouped by step count, so bias corrections, first steps and
/// lookahead timing are plain arguments: nothing is read back from the device, and nothing is sent to it but a
/// list's segment ids, once (<see cref="MultiTensorLayout"/>).
/// </summary>
internal static class MultiTensorStep
{
    private const string Script = "velograd_step";

    /// <summary>Why a group cannot be stepped this way, or null when it can: float32/float64 on one device and dtype.</summary>
    public static string? WhyNot(IReadOnlyList<Tensor> parameters)
    {
        var first = parameters[0];
        if (first.dtype is not (ScalarType.Float32 or ScalarType.Float64)) return $"it holds {first.dtype} parameters, and this strategy takes float32 and float64";
        return parameters.Any(p => p.dtype != first.dtype || p.device_type != first.device_type || p.device_index != first.device_index)
            ? "its parameters differ in device or dtype, and this strategy steps a group's tensors together" : null;
    }

    /// <summary>One step of the parameters in <paramref name="items"/> (those with a gradient this step).</summary>
    public static void Apply(IReadOnlyList<ParameterStep> items, in StepHyperparameters h, LossFactor lossFactor, MultiTensorLayouts layouts)
    {
        foreach (var item in items)
        {
            item.State.PrepareFor(h.Components); // the state starts at a tensor's first step, as the reference's
            item.State.Step += 1;
        }
        foreach (var sameStep in items.GroupBy(i => i.State.Step))
            Run([.. sameStep], sameStep.Key, h, lossFactor, layouts.For([.. sameStep.Select(i => i.Parameter)]));
    }

    /// <summary>The step of tensors that share the step count <paramref name="step"/> (this step included).</summary>
    private static void Run(ParameterStep[] items, long step, in StepHyperparameters h, LossFactor lossFactor, MultiTensorLayout layout)
    {
        var kernels = TorchScriptKernels.Of(Script);
        Tensor[] parameters = [.. items.Select(i => (Tensor)i.Parameter)], grads = [.. items.Select(i => i.Gradient)];
        Tensor[] expAvgs = [.. items.Select(i => i.State.ExpAvg!)], expAvgSqs = [.. items.Select(i => i.State.ExpAvgSq!)];
        bool directional = h.Has(VeloGradComponents.DirectionalMomentum);
        Tensor[] prevs = directional ? [.. items.Select(i => i.State.PrevGrad!)] : [];
        Tensor[] slows = h.Has(VeloGradComponents.Lookahead) ? [.. items.Select(i => i.State.SlowParams!)] : [];

        bool cosine = StepScalars.NeedsCosine(h, step);
        var norms = kernels.Call("velograd_norms", grads, cosine ? prevs : Array.Empty<Tensor>());
        var gradNorm = norms[0];
        var scalars = StepScalars.BeforeUpdate<Tensor, DeviceScalars>(gradNorm, cosine ? new PreviousGradient<Tensor>(norms[1], norms[2]) : null, step, h, lossFactor);

        bool needsUpdateNorm = StepScalars.NeedsUpdateNorm(h);
        var (biasCorrection1, biasCorrection2) = StepScalars.BiasCorrections(h, step);
        var updateNorm = kernels.Call("velograd_moments", grads, expAvgs, expAvgSqs, prevs, layout.UpdateViews,
            scalars.Scale?.Value, layout.Segments, layout.Spread, layout.SpreadViews, h.Beta1, h.Beta2,
            biasCorrection1, biasCorrection2, h.Epsilon, needsUpdateNorm)[0];
        var decay = StepScalars.Decay<Tensor, DeviceScalars>(scalars.LearningRate,
            needsUpdateNorm ? new Some<Tensor>(updateNorm) : null, h, lossFactor);

        kernels.Call("velograd_apply", parameters, layout.UpdateViews, slows, scalars.StepSize,
            decay?.Value, layout.Segments, layout.Spread, layout.SpreadViews,
            StepScalars.LookaheadDue(h, step), h.SlowUpdateRate, h.InterpolationStrength);
    }
}
