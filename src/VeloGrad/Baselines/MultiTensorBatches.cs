using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Baselines;

/// <summary>How the multi-tensor baselines step: the closure first (it makes the gradients), then every group's
/// gradients read once, in the step's dispose scope, and stepped in batches that one multi-tensor call can take (one
/// device and dtype, one value of a key such as a step count), as PyTorch's <c>_group_tensors_by_device_and_dtype</c>.
/// A sparse gradient anywhere hands the whole step to TorchSharp's own optimizer, which takes any.</summary>
internal static class MultiTensorBatches
{
    /// <summary>A parameter with its gradient this step.</summary>
    public readonly record struct WithGradient(Parameter Parameter, Tensor Grad);

    /// <param name="groups">The optimizer's parameter groups.</param>
    /// <param name="closure">Re-evaluates the model, as <c>step(closure)</c> takes it.</param>
    /// <param name="torchSharpStep">TorchSharp's own step of the whole optimizer (without the closure, already run).</param>
    /// <param name="stepGroup">Steps one group's parameters that have a gradient.</param>
    public static Tensor? Step<TGroup>(IEnumerable<TGroup> groups, Func<Tensor>? closure, Action torchSharpStep, Action<TGroup, List<WithGradient>> stepGroup)
        where TGroup : TorchSharp.Modules.ParamGroup => Execution.OptimizerStep.Run(closure, () =>
    {
        var work = groups.Select(g => (Group: g, Items: g.Parameters.Select(p => new WithGradient(p, p.grad!)).Where(x => x.Grad is not null).ToList())).ToList();
        if (work.Any(w => w.Items.Any(x => x.Grad.is_sparse))) torchSharpStep();
        else foreach (var (group, items) in work) stepGroup(group, items);
    });

    /// <summary>The batches of <paramref name="items"/> that one multi-tensor call can take.</summary>
    public static IEnumerable<(Parameter[] Parameters, Tensor[] Grads, TKey Key)> Of<TKey>(IEnumerable<WithGradient> items, Func<WithGradient, TKey> key) =>
        items.GroupBy(x => (x.Parameter.device_type, x.Parameter.device_index, x.Parameter.dtype, Key: key(x)))
            .Select(b => (b.Select(x => x.Parameter).ToArray(), b.Select(x => x.Grad).ToArray(), b.Key.Key));

    /// <summary>Whether a parameter with these tensors (its gradient and state) takes the fused kernels: where
    /// <paramref name="kernel"/> asks for them (<see cref="BaselineKernel.Auto"/>: on the CPU), and where they can walk it,
    /// element by element, which needs every tensor floating point and laid out contiguously.</summary>
    public static bool TakesFused(BaselineKernel kernel, Parameter parameter, params Tensor?[] others) =>
        (kernel == BaselineKernel.Fused || (kernel == BaselineKernel.Auto && parameter.device_type == TorchSharp.DeviceType.CPU))
        && parameter.is_floating_point() && parameter.is_contiguous()
        && others.All(t => t is null || (t.dtype == parameter.dtype && t.is_contiguous()));
}
