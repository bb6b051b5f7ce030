using TorchSharp;
using VeloGrad.Components;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>
/// The multi-tensor strategy, for accelerators: a step of a whole parameter group as a fixed number of whole-buffer
/// operations, whatever the number of tensors (TorchSharp has no <c>_foreach</c> kernels, so flat buffers instead).
/// Gradients are gathered with one concatenation (plus a metadata-only view per tensor); per-tensor norms and dot
/// products are segment sums over <see cref="FlatGroup.Segments"/>; the per-tensor scalars come from
/// <see cref="StepScalars"/> on vectors of one entry per tensor and are spread back by index; tensors without a
/// gradient this step, first steps and due lookaheads are masks built on the host from step counts, which the host
/// keeps anyway. Nothing is read back from the device.
/// </summary>
internal static class MultiTensorStep
{
    /// <summary>Why a group cannot be stepped this way, or null when it can: float32/float64 on one device and dtype.</summary>
    public static string? WhyNot(IReadOnlyList<Tensor> parameters)
    {
        var first = parameters[0];
        if (first.dtype is not (ScalarType.Float32 or ScalarType.Float64)) return $"it holds {first.dtype} parameters, and this strategy takes float32 and float64";
        return parameters.Any(p => p.dtype != first.dtype || p.device_type != first.device_type || p.device_index != first.device_index)
            ? "its parameters differ in device or dtype, and this strategy lays a group out in one buffer" : null;
    }

    /// <summary>One step of the group; <paramref name="grads"/> holds each parameter's gradient, or null for none.</summary>
    public static void Apply(FlatGroup group, IReadOnlyList<Tensor?> grads, in StepHyperparameters h, LossFactor lossFactor)
    {
        var like = group.Values;
        var pieces = new List<Tensor>(group.Count);
        for (int i = 0; i < group.Count; i++)
            pieces.Add(grads[i]?.reshape(-1) ?? zeros(group.Parameters[i].numel(), dtype: like.dtype, device: like.device));
        var gathered = cat(pieces);
        Run(group, gathered, [.. grads.Select(g => g is not null)], h, lossFactor);
    }

    /// <summary>The step on gathered gradients: only whole-buffer operations (a test counts them for 10 and 1,000 tensors).</summary>
    internal static void Run(FlatGroup g, Tensor grad, bool[] active, in StepHyperparameters h, LossFactor lossFactor)
    {
        int count = g.Count;
        var dtype = g.Values.dtype;
        var device = g.Values.device;
        bool directional = h.Has(VeloGradComponents.DirectionalMomentum), lookahead = h.Has(VeloGradComponents.Lookahead);

        // Per-tensor step counts live on the host (the state's Step); the masks and bias corrections follow from them.
        var steps = new long[count];
        bool[] first = new bool[count], cosine = new bool[count], due = new bool[count];
        double[] bias1 = new double[count], bias2 = new double[count];
        for (int i = 0; i < count; i++)
        {
            long before = g.States[i].Step;
            steps[i] = before + (active[i] ? 1 : 0);
            first[i] = active[i] && before == 0;
            cosine[i] = StepScalars.NeedsCosine(h, steps[i]);
            due[i] = active[i] && StepScalars.LookaheadDue(h, steps[i]);
            bias1[i] = steps[i] == 0 ? 1 : 1 - Math.Pow(h.Beta1, steps[i]);
            bias2[i] = steps[i] == 0 ? 1 : 1 - Math.Pow(h.Beta2, steps[i]);
        }
        var segments = g.Segments;
        // A per-tensor vector becomes one value per element; a scalar (a part switched off) broadcasts as it is.
        Tensor Spread(Tensor perTensor) => perTensor.dim() == 0 ? perTensor : perTensor.gather(0, segments);
        Tensor SegmentSum(Tensor elements) => zeros(count, dtype: dtype, device: device).index_add_(0, segments, elements, 1);

        var gradNorm = SegmentSum(grad.square()).sqrt_();
        var dot = directional ? SegmentSum(grad * g.PrevGrad!) : gradNorm;
        var previousNorm = directional ? SegmentSum(g.PrevGrad!.square()).sqrt_() : gradNorm;
        // Step 2 stands for "has a previous gradient"; tensors on their first step take the plain rate below.
        var scalars = StepScalars.BeforeUpdate<Tensor, DeviceScalars>(gradNorm, dot, previousNorm, step: 2, h, lossFactor);
        var stepSize = directional ? where(tensor(cosine, device: device), scalars.StepSize, scalars.LearningRate) : scalars.StepSize;

        // Masks only where they change something: with every tensor active (the usual step) the moments, the previous
        // gradient and the parameters update in place, as the per-tensor strategy does. Which case holds is known on
        // the host, so the number of operations still never depends on the number of tensors.
        bool allActive = active.All(a => a);
        Tensor? activeElements = allActive ? null : Spread(tensor(active, device: device));
        void Blend(Tensor target, Tensor updated)
        {
            if (activeElements is null) target.copy_(updated);
            else target.copy_(where(activeElements, updated, target));
        }

        if (lookahead && first.Any(f => f)) g.SlowParams!.copy_(where(Spread(tensor(first, device: device)), g.Values, g.SlowParams!)); // slow weights start from the parameter
        var scaled = scalars.Scaled ? grad * Spread(scalars.Scale) : grad;
        if (allActive)
        {
            g.ExpAvg.mul_(h.Beta1).add_(scaled, alpha: 1 - h.Beta1);
            g.ExpAvgSq.mul_(h.Beta2).add_(scaled.square(), alpha: 1 - h.Beta2);
            if (directional) g.PrevGrad!.copy_(grad);
        }
        else
        {
            Blend(g.ExpAvg, g.ExpAvg * h.Beta1 + scaled * (1 - h.Beta1));
            Blend(g.ExpAvgSq, g.ExpAvgSq * h.Beta2 + scaled.square() * (1 - h.Beta2));
            if (directional) Blend(g.PrevGrad!, grad);
        }

        var update = (g.ExpAvg / Spread(tensor(bias1, dtype: dtype, device: device)))
            .div_((g.ExpAvgSq / Spread(tensor(bias2, dtype: dtype, device: device))).sqrt_().add_(h.Epsilon));
        var values = g.Values - update * Spread(stepSize);
        var decay = StepScalars.Decay<Tensor, DeviceScalars>(scalars.LearningRate,
            StepScalars.NeedsUpdateNorm(h) ? SegmentSum(update.square()).sqrt_() : scalars.LearningRate, h, lossFactor);
        if (decay.Decays) values.mul_(Spread(decay.Multiplier));
        if (lookahead && due.Any(d => d))
        {
            var dueElements = Spread(tensor(due, device: device));
            g.SlowParams!.copy_(where(dueElements, g.SlowParams! + (values - g.SlowParams!) * h.SlowUpdateRate, g.SlowParams!));
            values = where(dueElements, values * (1 - h.InterpolationStrength) + g.SlowParams! * h.InterpolationStrength, values);
        }
        Blend(g.Values, values);

        for (int i = 0; i < count; i++)
        {
            if (first[i]) g.AttachState(i); // the state exists from its first step with a gradient, as the reference's
            g.States[i].Step = steps[i];
        }
    }
}
