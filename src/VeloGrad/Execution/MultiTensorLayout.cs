using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>
/// What the multi-tensor step needs besides the tensors themselves, for one list of parameters: each element's
/// tensor index (<see cref="Segments"/>, on the device) and a scratch buffer with one element per parameter element,
/// whose views are shaped like the parameters (<see cref="SpreadViews"/>), so that a value per tensor can be spread
/// to every element and applied by same-shape <c>_foreach</c> kernels. Built once for a list of parameters and kept:
/// the segment ids are the only host data a step ever sends to the device, and only when the list is new. A second
/// buffer of the same shape holds the step's updates between the kernel calls, so that no per-tensor handle comes
/// back to .NET.
/// </summary>
internal sealed class MultiTensorLayout : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor _updates; // the buffer behind UpdateViews, kept for disposal

    private MultiTensorLayout(Parameter[] parameters, Tensor segments, Tensor spread, Tensor[] spreadViews, Tensor updates, Tensor[] updateViews)
    {
        _parameters = parameters;
        Segments = segments;
        Spread = spread;
        SpreadViews = spreadViews;
        _updates = updates;
        UpdateViews = updateViews;
    }

    public Tensor Segments { get; }
    public Tensor Spread { get; }
    public Tensor[] SpreadViews { get; }
    public Tensor[] UpdateViews { get; }

    /// <summary>Whether this layout serves <paramref name="parameters"/> as they are now (same tensors, device, dtype, shapes).</summary>
    public bool Fits(IReadOnlyList<Parameter> parameters)
    {
        if (parameters.Count != _parameters.Length) return false;
        var like = Spread;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (!ReferenceEquals(p, _parameters[i]) || p.dtype != like.dtype || p.device_type != like.device_type
                || p.device_index != like.device_index || !p.shape.SequenceEqual(SpreadViews[i].shape)) return false;
        }
        return true;
    }

    public static MultiTensorLayout Create(IReadOnlyList<Parameter> parameters)
    {
        var like = parameters[0];
        long total = parameters.Sum(p => p.numel());
        var ids = new long[total];
        long offset = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            long length = parameters[i].numel();
            Array.Fill(ids, i, (int)offset, (int)length);
            offset += length;
        }
        using var scope = NewDisposeScope();
        var segments = tensor(ids, device: like.device);
        var (spread, spreadViews) = Buffer(parameters, total);
        var (updates, updateViews) = Buffer(parameters, total);
        return new MultiTensorLayout([.. parameters], segments.DetachFromDisposeScope(), spread, spreadViews, updates, updateViews);
    }

    /// <summary>A buffer of <paramref name="total"/> elements and its views shaped like the parameters, outside any dispose scope.</summary>
    private static (Tensor Buffer, Tensor[] Views) Buffer(IReadOnlyList<Parameter> parameters, long total)
    {
        var like = parameters[0];
        var buffer = empty(total, dtype: like.dtype, device: like.device).DetachFromDisposeScope();
        var views = new Tensor[parameters.Count];
        long offset = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            long length = parameters[i].numel();
            using (var slice = buffer.narrow(0, offset, length)) views[i] = slice.view(parameters[i].shape).DetachFromDisposeScope();
            offset += length;
        }
        return (buffer, views);
    }

    public void Dispose()
    {
        foreach (var view in SpreadViews.Concat(UpdateViews)) view.Dispose();
        Spread.Dispose();
        _updates.Dispose();
        Segments.Dispose();
    }
}
