using TorchSharp.Modules;
using VeloGrad.Execution;
using static TorchSharp.torch;

namespace VeloGrad.Baselines;

/// <summary>
/// TorchSharp's <see cref="Adam"/> (options, parameter groups, schedulers, state and its save/load format unchanged)
/// whose step runs through libtorch's multi-tensor kernels: a fixed number of launches per step instead of about
/// ten per tensor, which is what Adam costs on a GPU. Held to TorchSharp's step in tests; AMSGrad and sparse
/// gradients take TorchSharp's own step.
/// </summary>
public sealed class MultiTensorAdam : Adam
{
    /// <inheritdoc cref="Adam(IEnumerable{Parameter}, double, double, double, double, double, bool, bool)"/>
    public MultiTensorAdam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : base(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)
    {
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => MultiTensorAdamStep.UsesOwnStep(this)
        ? base.step(closure)
        : MultiTensorBatches.Step(ParamGroups.Cast<ParamGroup>(), closure, () => base.step(), (group, items) => MultiTensorAdamStep.Run(items, (Options)group.Options, _state, decoupled: false))!;
}

/// <summary>TorchSharp's <see cref="AdamW"/> with its step through libtorch's multi-tensor kernels, as <see cref="MultiTensorAdam"/>.</summary>
public sealed class MultiTensorAdamW : AdamW
{
    /// <inheritdoc cref="AdamW(IEnumerable{Parameter}, double, double, double, double, double, bool, bool)"/>
    public MultiTensorAdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : base(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)
    {
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => MultiTensorAdamStep.UsesOwnStep(this)
        ? base.step(closure)
        : MultiTensorBatches.Step(ParamGroups.Cast<ParamGroup>(), closure, () => base.step(), (group, items) => MultiTensorAdamStep.Run(items, (Options)group.Options, _state, decoupled: true))!;
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

    public static void Run(List<MultiTensorBatches.WithGradient> items, OptimizerOptions options, TorchSharp.Utils.OrderedDict<IntPtr, OptimizerState> states, bool decoupled)
    {
        var (lr, beta1, beta2, eps, weightDecay, maximize) = options switch
        {
            Adam.Options o => (o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, o.maximize!.Value),
            AdamW.Options o => (o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, o.maximize!.Value),
            _ => throw new ArgumentException($"Not Adam's or AdamW's options: {options.GetType().Name}.", nameof(options)),
        };
        foreach (var (batch, grads, previousStep) in MultiTensorBatches.Of(items, p => StateOf(states[p.Handle]).Step))
        {
            long step = previousStep + 1;
            var moments = batch.Select(p => Advance(states[p.Handle], step)).ToArray();
            double biasCorrection1 = 1 - Math.Pow(beta1, step), biasCorrection2 = 1 - Math.Pow(beta2, step);
            TorchScriptKernels.Of("baselines").Call("adam", batch.Cast<Tensor>().ToArray(), grads,
                moments.Select(m => m.ExpAvg).ToArray(), moments.Select(m => m.ExpAvgSq).ToArray(),
                lr, beta1, beta2, eps, weightDecay, decoupled, maximize, lr / biasCorrection1, Math.Sqrt(biasCorrection2));
        }
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
