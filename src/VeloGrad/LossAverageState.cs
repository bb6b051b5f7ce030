using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad;

/// <summary>
/// The optimizer-wide moving average of the loss (the reference's <c>loss_avg</c>), kept as an extra entry of
/// the state dictionary so that save and load carry it with the per-parameter state. It lives on the host while
/// fed doubles; once fed a loss tensor it lives beside that tensor as a float64 scalar, so neither feeding it nor
/// stepping reads anything back from the device.
/// </summary>
internal sealed class LossAverageState : OptimizerState
{
    private const int FormatVersion = 1;
    private double _host;
    private Tensor? _device;

    public LossAverageState() : base(null!)
    {
    }

    /// <summary>The average; reading it waits for the device when it lives there.</summary>
    public double Value => _device is null ? _host : _device.item<double>();

    /// <summary>The average as a device scalar, or null while it lives on the host.</summary>
    public Tensor? OnDevice => _device;

    /// <summary>avg ← β₂·avg + (1 − β₂)·loss, as the reference's set_loss.</summary>
    public void Update(double loss, double beta2)
    {
        if (_device is null) _host = beta2 * _host + (1 - beta2) * loss;
        else Replace((_device * beta2).add_((1 - beta2) * loss));
    }

    /// <summary>The same update from a loss tensor, on its device; a non-finite loss leaves the average as it
    /// was (telling the caller would need a read-back).</summary>
    public void Update(Tensor loss, double beta2)
    {
        using var scope = NewDisposeScope();
        var value = loss.detach().to(ScalarType.Float64).reshape([]);
        var average = _device ?? tensor(_host, ScalarType.Float64).to(value.device);
        // x − x is 0 exactly for finite x and NaN otherwise: a finiteness mask that every backend computes.
        var zeroIfFinite = value - value;
        var nonFinite = zeroIfFinite.ne(0.0);
        var finite = zeroIfFinite.eq(0.0).to(ScalarType.Float64);
        var updated = average * beta2 + value.masked_fill(nonFinite, 0.0) * (1 - beta2);
        Replace((updated * finite + average * (1 - finite)).MoveToOuterDisposeScope());
    }

    private void Replace(Tensor next)
    {
        var previous = _device;
        _device = next.DetachFromDisposeScope();
        previous?.Dispose();
    }

    public override void Initialize(OptimizerOptions options)
    {
    }

    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(Value);
    }

    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException($"VeloGrad loss-average state has format version {version}; this library reads version {FormatVersion}.");
        SetHost(reader.ReadDouble());
    }

    public override void LoadStateDict(OptimizerState source)
    {
        if (source is not LossAverageState other)
            throw new ArgumentException($"Expected the VeloGrad loss-average state, got {source?.GetType().Name ?? "null"}.", nameof(source));
        SetHost(other.Value);
    }

    private void SetHost(double value)
    {
        _device?.Dispose();
        _device = null;
        _host = value;
    }

    public override bool ApproximatelyEquals(OptimizerState other) => other is LossAverageState o && o.Value == Value;

    public override void to(Device device)
    {
        if (_device is not null) Replace(_device.to(device));
    }
}
