using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>
/// One parameter group laid out flat for the multi-tensor strategy: the parameters re-pointed to views of one
/// flat buffer (so updates land in place and modules, <c>state_dict</c> and checkpoints still see ordinary
/// parameters), the state in flat buffers of the same layout (each parameter's state tensors are views of them, so
/// save/load and the other strategies keep working), and a segment id per element for per-tensor reductions.
/// </summary>
internal sealed class FlatGroup : IDisposable
{
    private readonly long[] _offsets;

    private FlatGroup(Parameter[] parameters, VeloGradParameterState[] states, long[] offsets, VeloGradComponents components,
        Tensor values, Tensor expAvg, Tensor expAvgSq, Tensor? prevGrad, Tensor? slowParams, Tensor segments)
    {
        Parameters = parameters;
        States = states;
        _offsets = offsets;
        Components = components;
        Values = values;
        ExpAvg = expAvg;
        ExpAvgSq = expAvgSq;
        PrevGrad = prevGrad;
        SlowParams = slowParams;
        Segments = segments;
    }

    public Parameter[] Parameters { get; }
    public VeloGradParameterState[] States { get; }
    public VeloGradComponents Components { get; }
    public Tensor Values { get; }
    public Tensor ExpAvg { get; }
    public Tensor ExpAvgSq { get; }
    public Tensor? PrevGrad { get; }
    public Tensor? SlowParams { get; }

    /// <summary>The parameter index of every element (int64).</summary>
    public Tensor Segments { get; }

    public int Count => Parameters.Length;

    private static readonly VeloGradComponents StateParts = VeloGradComponents.DirectionalMomentum | VeloGradComponents.Lookahead;

    /// <summary>Whether the layout still holds: the same parameters, still views of the buffer, their state tensors
    /// still views of the state buffers (a load or a move replaces them), and the same parts keeping state.</summary>
    public bool IsCurrentFor(IReadOnlyList<Parameter> parameters, VeloGradComponents components)
    {
        if (parameters.Count != Count || (components & StateParts) != (Components & StateParts)) return false;
        for (int i = 0; i < Count; i++)
        {
            if (!ReferenceEquals(parameters[i], Parameters[i]) || !TensorAddress.IsAt(Parameters[i], Values, _offsets[i])) return false;
            var state = States[i];
            if (!state.IsInitialized) continue;
            if (!TensorAddress.IsAt(state.ExpAvg, ExpAvg, _offsets[i]) || !TensorAddress.IsAt(state.ExpAvgSq, ExpAvgSq, _offsets[i])) return false;
            if (PrevGrad is not null && !TensorAddress.IsAt(state.PrevGrad, PrevGrad, _offsets[i])) return false;
            if (SlowParams is not null && !TensorAddress.IsAt(state.SlowParams, SlowParams, _offsets[i])) return false;
        }
        return true;
    }

    /// <summary>Lays the group out flat, copying the parameters' values and whatever state they have.</summary>
    public static FlatGroup Create(IReadOnlyList<Parameter> parameters, IReadOnlyList<VeloGradParameterState> states, VeloGradComponents components)
    {
        using var _ = no_grad();
        var lengths = parameters.Select(p => p.numel()).ToArray();
        var offsets = new long[lengths.Length];
        for (int i = 1; i < offsets.Length; i++) offsets[i] = offsets[i - 1] + lengths[i - 1];
        long total = lengths.Sum();
        var like = parameters[0];
        Tensor Buffer() => zeros(total, dtype: like.dtype, device: like.device).DetachFromDisposeScope();

        Tensor values;
        using (NewDisposeScope())
            values = cat(parameters.Select(p => p.detach().reshape(-1)).ToList()).DetachFromDisposeScope();
        var expAvg = Buffer();
        var expAvgSq = Buffer();
        var prevGrad = components.HasFlag(VeloGradComponents.DirectionalMomentum) ? Buffer() : null;
        var slowParams = components.HasFlag(VeloGradComponents.Lookahead) ? Buffer() : null;
        // Built on the host, once per layout: repeat_interleave has no meta kernel, and this costs one upload.
        var ids = new long[total];
        for (int i = 0; i < lengths.Length; i++) Array.Fill(ids, i, (int)offsets[i], (int)lengths[i]);
        var segments = tensor(ids, device: like.device).DetachFromDisposeScope();

        var group = new FlatGroup([.. parameters], [.. states], offsets, components, values, expAvg, expAvgSq, prevGrad, slowParams, segments);
        for (int i = 0; i < parameters.Count; i++)
        {
            using (var view = group.View(values, i)) parameters[i].set_(view);
            var state = states[i];
            if (!state.IsInitialized) continue;
            group.View(expAvg, i).copy_(state.ExpAvg!).Dispose();
            group.View(expAvgSq, i).copy_(state.ExpAvgSq!).Dispose();
            if (prevGrad is not null && state.PrevGrad is { } prev) group.View(prevGrad, i).copy_(prev).Dispose();
            if (slowParams is not null)
                group.View(slowParams, i).copy_(state.SlowParams ?? parameters[i]).Dispose(); // lookahead switched on later: from the current value
            group.AttachState(i);
        }
        return group;
    }

    /// <summary>Makes parameter <paramref name="i"/>'s state tensors views of the state buffers.</summary>
    public void AttachState(int i) =>
        States[i].Attach(View(ExpAvg, i), View(ExpAvgSq, i), PrevGrad is null ? null : View(PrevGrad, i), SlowParams is null ? null : View(SlowParams, i));

    private Tensor View(Tensor flat, int i) =>
        flat.narrow(0, _offsets[i], Parameters[i].numel()).view(Parameters[i].shape).DetachFromDisposeScope();

    public void Dispose()
    {
        // The parameters and states keep the storage alive through their views; these are the group's own handles.
        foreach (var t in new[] { Values, ExpAvg, ExpAvgSq, PrevGrad, SlowParams, Segments }) t?.Dispose();
    }
}
