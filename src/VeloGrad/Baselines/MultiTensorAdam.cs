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
    public override Tensor step(Func<Tensor>? closure = null) =>
        MultiTensorAdamStep.Supported(this) ? _step<ParamGroup>(group => MultiTensorAdamStep.Run(group.Parameters, (Options)group.Options, _state, decoupled: false), closure) : base.step(closure);
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
    public override Tensor step(Func<Tensor>? closure = null) =>
        MultiTensorAdamStep.Supported(this) ? _step<ParamGroup>(group => MultiTensorAdamStep.Run(group.Parameters, (Options)group.Options, _state, decoupled: true), closure) : base.step(closure);
}

/// <summary>The Adam and AdamW step on batches of tensors (<c>Scripts/baselines.py</c>).</summary>
internal static class MultiTensorAdamStep
{
    public static bool Supported(OptimizerHelper optimizer) =>
        MultiTensorBatches.Supported(optimizer.parameters()) && !optimizer.ParamGroups.Cast<TorchSharp.Modules.ParamGroup>().Any(g => g.Options switch
        {
            Adam.Options o => o.amsgrad == true,
            AdamW.Options o => o.amsgrad == true,
            _ => true,
        });

    public static void Run(IEnumerable<Parameter> parameters, OptimizerOptions options, TorchSharp.Utils.OrderedDict<IntPtr, OptimizerState> states, bool decoupled)
    {
        var (lr, beta1, beta2, eps, weightDecay, maximize) = options switch
        {
            Adam.Options o => (o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, o.maximize!.Value),
            AdamW.Options o => (o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, o.maximize!.Value),
            _ => throw new ArgumentException($"Not Adam's or AdamW's options: {options.GetType().Name}.", nameof(options)),
        };
        (long Step, Tensor ExpAvg, Tensor ExpAvgSq) State(Parameter p) => states[p.Handle] switch
        {
            Adam.State s => (s.step, s.exp_avg, s.exp_avg_sq),
            AdamW.State s => (s.step, s.exp_avg, s.exp_avg_sq),
            var other => throw new ArgumentException($"Not Adam's or AdamW's state: {other.GetType().Name}.", nameof(states)),
        };
        foreach (var (batch, grads, previousStep) in MultiTensorBatches.Of(parameters, p => State(p).Step))
        {
            long step = previousStep + 1;
            foreach (var p in batch)
            {
                if (states[p.Handle] is Adam.State a) a.step = step;
                else ((AdamW.State)states[p.Handle]).step = step;
            }
            double biasCorrection1 = 1 - Math.Pow(beta1, step), biasCorrection2 = 1 - Math.Pow(beta2, step);
            TorchScriptKernels.Of("baselines").Call("adam", batch.Cast<Tensor>().ToArray(), grads,
                batch.Select(p => State(p).ExpAvg).ToArray(), batch.Select(p => State(p).ExpAvgSq).ToArray(),
                lr, beta1, beta2, eps, weightDecay, decoupled, maximize, lr / biasCorrection1, Math.Sqrt(biasCorrection2));
        }
    }
}
