using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad;

/// <summary>
/// VeloGrad's state for one parameter: its step count and four tensors of the parameter's shape, dtype and
/// device. As in the reference, the tensors are created at the parameter's first step with a gradient (the slow
/// weights start from the parameter's value at that moment); until then <see cref="IsInitialized"/> is false.
/// </summary>
public sealed class VeloGradParameterState : OptimizerState, IDisposable
{
    private const int FormatVersion = 1;

    internal VeloGradParameterState(Parameter parameter) : base(parameter)
    {
    }

    /// <summary>Steps taken by this parameter (steps without a gradient do not count).</summary>
    public long Step { get; internal set; }

    /// <summary>First moment of the scaled gradient.</summary>
    public Tensor? ExpAvg { get; private set; }

    /// <summary>Second moment of the scaled gradient.</summary>
    public Tensor? ExpAvgSq { get; private set; }

    /// <summary>The gradient of the previous step, for directional momentum.</summary>
    public Tensor? PrevGrad { get; private set; }

    /// <summary>Slow weights of the lookahead.</summary>
    public Tensor? SlowParams { get; private set; }

    /// <summary>Whether the parameter has taken a step (and its tensors exist).</summary>
    public bool IsInitialized => ExpAvg is not null;

    /// <summary>Creates the tensors from the parameter's current value, outside any dispose scope.</summary>
    internal void InitializeFromParameter()
    {
        if (IsInitialized) return;
        ExpAvg = zeros_like(_parameter).DetachFromDisposeScope();
        ExpAvgSq = zeros_like(_parameter).DetachFromDisposeScope();
        PrevGrad = zeros_like(_parameter).DetachFromDisposeScope();
        SlowParams = _parameter.detach().clone().DetachFromDisposeScope();
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
        PrevGrad!.Save(writer);
        SlowParams!.Save(writer);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException($"VeloGrad parameter state has format version {version}; this library reads version {FormatVersion}.");
        long step = reader.ReadInt64();
        bool initialized = reader.ReadBoolean();
        if (!initialized)
        {
            DisposeTensors();
            Step = step;
            return;
        }
        // Read into fresh tensors first, so a failing load leaves the current state intact.
        var loaded = new Tensor[4];
        try
        {
            for (int i = 0; i < loaded.Length; i++)
            {
                loaded[i] = zeros_like(_parameter).DetachFromDisposeScope();
                loaded[i].Load(reader);
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
        ExpAvg = other.ExpAvg!.detach().clone().DetachFromDisposeScope();
        ExpAvgSq = other.ExpAvgSq!.detach().clone().DetachFromDisposeScope();
        PrevGrad = other.PrevGrad!.detach().clone().DetachFromDisposeScope();
        SlowParams = other.SlowParams!.detach().clone().DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public override bool ApproximatelyEquals(OptimizerState other)
    {
        if (other is not VeloGradParameterState rhs || rhs.Step != Step || rhs.IsInitialized != IsInitialized) return false;
        return !IsInitialized || (ExpAvg!.allclose(rhs.ExpAvg!) && ExpAvgSq!.allclose(rhs.ExpAvgSq!)
            && PrevGrad!.allclose(rhs.PrevGrad!) && SlowParams!.allclose(rhs.SlowParams!));
    }

    /// <inheritdoc />
    public override void to(Device device)
    {
        if (!IsInitialized) return;
        ExpAvg = MoveTo(ExpAvg!, device);
        ExpAvgSq = MoveTo(ExpAvgSq!, device);
        PrevGrad = MoveTo(PrevGrad!, device);
        SlowParams = MoveTo(SlowParams!, device);
    }

    private static Tensor MoveTo(Tensor tensor, Device device)
    {
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
