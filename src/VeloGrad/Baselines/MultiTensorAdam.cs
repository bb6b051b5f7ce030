using TorchSharp.Modules;
using VeloGrad.Execution;
using static TorchSharp.torch;

namespace VeloGrad.Baselines;

/// <summary>
/// TorchSharp's <see cref="Adam"/> (options, parameter groups, schedulers, state and its save/load format unchanged)
/// whose step runs through libtorch's list kernels (<see cref="Kernel"/>): on the CPU the fused one, which reads and
/// writes each element once where TorchSharp's step makes about ten passes; on a GPU the <c>_foreach_*</c> ones, a fixed
/// number of launches per step instead of about ten per tensor. Held to TorchSharp's step in tests (to rounding);
/// AMSGrad and sparse gradients take TorchSharp's own step.
/// </summary>
public sealed class MultiTensorAdam : Adam, ILibTorchBaseline
{
    /// <inheritdoc cref="Adam(IEnumerable{Parameter}, double, double, double, double, double, bool, bool)"/>
    public MultiTensorAdam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : base(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)
    {
    }

    /// <inheritdoc />
    public BaselineKernel Kernel { get; init; }

    /// <inheritdoc />
    public long FusedUpdates { get; private set; }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => MultiTensorAdamStep.UsesOwnStep(this)
        ? base.step(closure)
        : MultiTensorBatches.Step(ParamGroups.Cast<ParamGroup>(), closure, () => base.step(), (group, items) => FusedUpdates += MultiTensorAdamStep.Run(items, (Options)group.Options, _state, decoupled: false, Kernel))!;
}

/// <summary>TorchSharp's <see cref="AdamW"/> with its step through libtorch's list kernels, fused or <c>_foreach_*</c>, as <see cref="MultiTensorAdam"/>.</summary>
public sealed class MultiTensorAdamW : AdamW, ILibTorchBaseline
{
    /// <inheritdoc cref="AdamW(IEnumerable{Parameter}, double, double, double, double, double, bool, bool)"/>
    public MultiTensorAdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : base(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)
    {
    }

    /// <inheritdoc />
    public BaselineKernel Kernel { get; init; }

    /// <inheritdoc />
    public long FusedUpdates { get; private set; }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => MultiTensorAdamStep.UsesOwnStep(this)
        ? base.step(closure)
        : MultiTensorBatches.Step(ParamGroups.Cast<ParamGroup>(), closure, () => base.step(), (group, items) => FusedUpdates += MultiTensorAdamStep.Run(items, (Options)group.Options, _state, decoupled: true, Kernel))!;
}

/// <summary>The Adam and AdamW step on batches of tensors (<c>Scripts/baselines.py</c>).</summary>
internal static class MultiTensorAdamStep
{
    /// <summary>Whether a group asks for AMSGrad, which these kernels do not compute: TorchSharp's own step then.</summary>
    public static bool UsesOwnStep(OptimizerHelper optimizer) =>
        optimizer.ParamGroups.Cast<TorchSharp.Modules.ParamGroup>().Any(g => g.Options switch
        {
            Adam.Options o => o.amsgrad == true,
            AdamW.Options o => o.amsgrad == true,
            _ => true,
        });

    /// <returns>How many tensors the fused kernel updated.</returns>
    public static int Run(List<MultiTensorBatches.WithGradient> items, OptimizerOptions options, TorchSharp.Utils.OrderedDict<IntPtr, OptimizerState> states, bool decoupled, BaselineKernel kernel)
    {
        var (lr, beta1, beta2, eps, weightDecay, maximize) = options switch
        {
            Adam.Options o => (o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, o.maximize!.Value),
            AdamW.Options o => (o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, o.maximize!.Value),
            _ => throw new ArgumentException($"Not Adam's or AdamW's options: {options.GetType().Name}.", nameof(options)),
        };
        (long Step, bool Fused) Key(MultiTensorBatches.WithGradient x)
        {
            var (step, expAvg, expAvgSq) = StateOf(states[x.Parameter.Handle]);
            return (step, MultiTensorBatches.TakesFused(kernel, x.Parameter, x.Grad, expAvg, expAvgSq));
        }
        int fusedUpdates = 0;
        foreach (var (batch, grads, (previousStep, fused)) in MultiTensorBatches.Of(items, Key))
        {
            long step = previousStep + 1;
            var moments = batch.Select(p => Advance(states[p.Handle], step)).ToArray();
            Tensor[] parameters = batch.Cast<Tensor>().ToArray(), expAvgs = moments.Select(m => m.ExpAvg).ToArray(), expAvgSqs = moments.Select(m => m.ExpAvgSq).ToArray();
            if (fused)
            {
                // One step count for the whole batch: the kernel reads each tensor's, so every entry is this one tensor.
                var steps = Enumerable.Repeat(tensor((float)step, device: parameters[0].device), parameters.Length).ToArray();
                TorchScriptKernels.Of("baselines").Call("fused_adam", parameters, grads, expAvgs, expAvgSqs, Array.Empty<Tensor>(), steps,
                    lr, beta1, beta2, eps, weightDecay, decoupled, false, maximize);
                fusedUpdates += parameters.Length;
                continue;
            }
            double biasCorrection1 = 1 - Math.Pow(beta1, step), biasCorrection2 = 1 - Math.Pow(beta2, step);
            TorchScriptKernels.Of("baselines").Call("adam", parameters, grads, expAvgs, expAvgSqs,
                lr, beta1, beta2, eps, weightDecay, decoupled, maximize, lr / biasCorrection1, Math.Sqrt(biasCorrection2));
        }
        return fusedUpdates;
    }

    /// <summary>The step count and moments of TorchSharp's Adam or AdamW state (two classes with the same fields).</summary>
    private static (long Step, Tensor ExpAvg, Tensor ExpAvgSq) StateOf(OptimizerState state) => state switch
    {
        Adam.State s => (s.step, s.exp_avg, s.exp_avg_sq),
        AdamW.State s => (s.step, s.exp_avg, s.exp_avg_sq),
        _ => throw new ArgumentException($"Not Adam's or AdamW's state: {state.GetType().Name}.", nameof(state)),
    };

    /// <summary>Sets the state's step count to <paramref name="step"/> and returns its moments.</summary>
    private static (Tensor ExpAvg, Tensor ExpAvgSq) Advance(OptimizerState state, long step)
    {
        switch (state)
        {
            case Adam.State s: s.step = step; break;
            case AdamW.State s: s.step = step; break;
        }
        var (_, expAvg, expAvgSq) = StateOf(state);
        return (expAvg, expAvgSq);
    }
}
