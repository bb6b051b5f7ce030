using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad;

/// <summary>
/// VeloGrad's state for one parameter: its step count and, of the parameter's shape, dtype and device, the two
/// moments always, the previous gradient only with directional momentum and the slow weights only with
/// lookahead (so with every part off VeloGrad needs Adam's memory). As in the reference, the tensors are created
/// at the parameter's first step with a gradient (the slow weights start from the parameter's value at that
/// moment); until then <see cref="IsInitialized"/> is false.
/// </summary>
public sealed class VeloGradParameterState : OptimizerState, IDisposable
{
    /// <summary>Version 2 records which optional tensors follow; version 1 (always four tensors) still loads.</summary>
    private const int FormatVersion = 2;

    internal VeloGradParameterState(Parameter parameter) : base(parameter)
    {
    }

    /// <summary>Steps taken by this parameter (steps without a gradient do not count).</summary>
    public long Step { get; internal set; }

    /// <summary>First moment of the scaled gradient.</summary>
    public Tensor? ExpAvg { get; private set; }

    /// <summary>Second moment of the scaled gradient.</summary>
    public Tensor? ExpAvgSq { get; private set; }

    /// <summary>The gradient of the previous step; only while directional momentum is on.</summary>
    public Tensor? PrevGrad { get; private set; }

    /// <summary>Slow weights of the lookahead; only while lookahead is on.</summary>
    public Tensor? SlowParams { get; private set; }

    /// <summary>Whether the parameter has taken a step (and its tensors exist).</summary>
    public bool IsInitialized => ExpAvg is not null;

    /// <summary>Creates, outside any dispose scope, the tensors that <paramref name="components"/> need and drops
    /// those they do not: the moments at the first step; the previous gradient (zeros: no direction yet) and the
    /// slow weights (the parameter's current value) whenever their part is on and they are missing, including
    /// after a part was switched on or a state saved without it was loaded.</summary>
    internal void PrepareFor(VeloGradComponents components)
    {
        ExpAvg ??= zeros_like(_parameter).DetachFromDisposeScope();
        ExpAvgSq ??= zeros_like(_parameter).DetachFromDisposeScope();
        PrevGrad = Keep(PrevGrad, components.HasFlag(VeloGradComponents.DirectionalMomentum), () => zeros_like(_parameter));
        SlowParams = Keep(SlowParams, components.HasFlag(VeloGradComponents.Lookahead), () => _parameter.detach().clone());
    }

    private static Tensor? Keep(Tensor? current, bool needed, Func<Tensor> create)
    {
        if (needed) return current ?? create().DetachFromDisposeScope();
        current?.Dispose();
        return null;
    }

    /// <inheritdoc />
    public override void Initialize(OptimizerOptions options)
    {
        // Tensors are created lazily at the first step, as the reference does.
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(Step);
        writer.Write(IsInitialized);
        if (!IsInitialized) return;
        ExpAvg!.Save(writer);
        ExpAvgSq!.Save(writer);
        foreach (var optional in new[] { PrevGrad, SlowParams })
        {
            writer.Write(optional is not null);
            optional?.Save(writer);
        }
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int version = reader.ReadInt32();
        if (version is not (1 or FormatVersion))
            throw new InvalidDataException($"VeloGrad parameter state has format version {version}; this library reads versions 1 and {FormatVersion}.");
        long step = reader.ReadInt64();
        bool initialized = reader.ReadBoolean();
        if (!initialized)
        {
            DisposeTensors();
            Step = step;
            return;
        }
        // Read into fresh tensors first, so a failing load leaves the current state intact.
        var loaded = new Tensor?[4];
        try
        {
            for (int i = 0; i < loaded.Length; i++)
            {
                if (version >= 2 && i >= 2 && !reader.ReadBoolean()) continue; // an optional tensor saved without its part
                loaded[i] = zeros_like(_parameter).DetachFromDisposeScope();
                loaded[i]!.Load(reader);
            }
        }
        catch
        {
            foreach (var t in loaded) t?.Dispose();
            throw;
        }
        DisposeTensors();
        (ExpAvg, ExpAvgSq, PrevGrad, SlowParams) = (loaded[0], loaded[1], loaded[2], loaded[3]);
        Step = step;
    }

    /// <inheritdoc />
    public override void LoadStateDict(OptimizerState source)
    {
        if (source is not VeloGradParameterState other)
            throw new ArgumentException($"Expected a {nameof(VeloGradParameterState)}, got {source?.GetType().Name ?? "null"}.", nameof(source));
        if (ReferenceEquals(other, this)) return;
        DisposeTensors();
        Step = other.Step;
        if (!other.IsInitialized) return;
        // Copies, so that two optimizers never share state tensors.
        ExpAvg = Copy(other.ExpAvg);
        ExpAvgSq = Copy(other.ExpAvgSq);
        PrevGrad = Copy(other.PrevGrad);
        SlowParams = Copy(other.SlowParams);
    }

    private static Tensor? Copy(Tensor? t) => t?.detach().clone().DetachFromDisposeScope();

    /// <inheritdoc />
    public override bool ApproximatelyEquals(OptimizerState other)
    {
        if (other is not VeloGradParameterState rhs || rhs.Step != Step || rhs.IsInitialized != IsInitialized) return false;
        static bool Close(Tensor? a, Tensor? b) => a is null ? b is null : b is not null && a.allclose(b);
        return !IsInitialized || (Close(ExpAvg, rhs.ExpAvg) && Close(ExpAvgSq, rhs.ExpAvgSq) && Close(PrevGrad, rhs.PrevGrad) && Close(SlowParams, rhs.SlowParams));
    }

    /// <inheritdoc />
    public override void to(Device device)
    {
        if (!IsInitialized) return;
        ExpAvg = MoveTo(ExpAvg, device);
        ExpAvgSq = MoveTo(ExpAvgSq, device);
        PrevGrad = MoveTo(PrevGrad, device);
        SlowParams = MoveTo(SlowParams, device);
    }

    private static Tensor? MoveTo(Tensor? tensor, Device device)
    {
        if (tensor is null) return null;
        if (tensor.device_type == device.type && tensor.device_index == device.index) return tensor;
        var moved = tensor.to(device).DetachFromDisposeScope();
        tensor.Dispose();
        return moved;
    }

    /// <inheritdoc />
    public void Dispose() => DisposeTensors();

    private void DisposeTensors()
    {
        ExpAvg?.Dispose();
        ExpAvgSq?.Dispose();
        PrevGrad?.Dispose();
        SlowParams?.Dispose();
        ExpAvg = ExpAvgSq = PrevGrad = SlowParams = null;
    }
}
