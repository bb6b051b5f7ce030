using TorchSharp.Modules;

namespace VeloGrad.Execution;

/// <summary>An optimizer's <see cref="MultiTensorLayout"/>s, one per list of parameters stepped together (usually
/// one per group: a group whose tensors all have gradients and share a step count), kept from step to step.</summary>
internal sealed class MultiTensorLayouts : IDisposable
{
    /// <summary>Lists kept at most; past it the oldest is dropped (a model whose set of tensors with gradients keeps
    /// changing would otherwise hold a scratch buffer per pattern).</summary>
    private const int Capacity = 8;

    private readonly List<MultiTensorLayout> _layouts = [];

    /// <summary>Layouts made so far: each sent its segment ids to the device once, the only host data a multi-tensor
    /// step sends (tests check that steady steps make none).</summary>
    public long Created { get; private set; }

    public MultiTensorLayout For(IReadOnlyList<Parameter> parameters)
    {
        int index = _layouts.FindIndex(l => l.Fits(parameters));
        if (index >= 0) return _layouts[index];
        if (_layouts.Count == Capacity)
        {
            _layouts[0].Dispose();
            _layouts.RemoveAt(0);
        }
        var created = MultiTensorLayout.Create(parameters);
        Created++;
        _layouts.Add(created);
        return created;
    }

    public void Dispose()
    {
        foreach (var layout in _layouts) layout.Dispose();
        _layouts.Clear();
    }
}
