using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Baselines;

/// <summary>The parameters of a group that have a gradient, in batches that one multi-tensor call can take: one
/// device and dtype, and one value of a key (a step count, say), as PyTorch's
/// <c>_group_tensors_by_device_and_dtype</c>.</summary>
internal static class MultiTensorBatches
{
    public static IEnumerable<(Parameter[] Parameters, Tensor[] Grads, TKey Key)> Of<TKey>(IEnumerable<Parameter> parameters, Func<Parameter, TKey> key)
    {
        var withGrad = new List<(Parameter Parameter, Tensor Grad)>();
        foreach (var p in parameters)
            if (p.grad is { } grad) withGrad.Add((p, grad));
        return withGrad
            .GroupBy(x => (x.Parameter.device_type, x.Parameter.device_index, x.Parameter.dtype, Key: key(x.Parameter)))
            .Select(b => (b.Select(x => x.Parameter).ToArray(), b.Select(x => x.Grad).ToArray(), b.Key.Key));
    }

    /// <summary>Whether libtorch's multi-tensor kernels can take every gradient of the group (dense ones).</summary>
    public static bool Supported(IEnumerable<Parameter> parameters) => parameters.All(p => p.grad is not { is_sparse: true });
}
