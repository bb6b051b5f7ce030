using TorchSharp.Modules;
using VeloGrad.Execution;
using static TorchSharp.torch;

namespace VeloGrad.Baselines;

/// <summary>TorchSharp's <see cref="SGD"/> (momentum, dampening, Nesterov, weight decay; options, schedulers and state
/// unchanged) with its step through libtorch's multi-tensor kernels, as <see cref="MultiTensorAdam"/>.</summary>
public sealed class MultiTensorSgd : SGD
{
    /// <inheritdoc cref="SGD(IEnumerable{Parameter}, double, double, double, double, bool, bool)"/>
    public MultiTensorSgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, double dampening = 0,
        double weight_decay = 0, bool nesterov = false, bool maximize = false)
        : base(parameters, learningRate, momentum, dampening, weight_decay, nesterov, maximize)
    {
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => MultiTensorBatches.Step(ParamGroups.Cast<ParamGroup>(), closure, () => base.step(), (group, items) =>
    {
        var o = group.Options;
        double momentum = o.momentum!.Value;
        State StateOf(Parameter p) => (State)_state[p.Handle];
        foreach (var (batch, grads, first) in MultiTensorBatches.Of(items, p => momentum != 0 && StateOf(p).momentum_buffer is null))
        {
            if (first)
                foreach (var p in batch) StateOf(p).momentum_buffer = empty_like(p).DetachFromDisposeScope();
            Tensor[] buffers = momentum != 0 ? [.. batch.Select(p => StateOf(p).momentum_buffer)] : [];
            TorchScriptKernels.Of("baselines").Call("sgd", batch.Cast<Tensor>().ToArray(), grads, buffers, first,
                o.LearningRate!.Value, momentum, o.dampening!.Value, o.weight_decay!.Value, o.nesterov!.Value, o.maximize!.Value);
        }
    })!;
}
