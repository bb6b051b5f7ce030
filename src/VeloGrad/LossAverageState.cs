using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad;

/// <summary>
/// The optimizer-wide moving average of the loss (the reference's <c>loss_avg</c>), kept as an extra entry of
/// the state dictionary so that save and load carry it with the per-parameter state.
/// </summary>
internal sealed class LossAverageState : OptimizerState
{
    private const int FormatVersion = 1;

    public LossAverageState() : base(null!)
    {
    }

    public double Value { get; set; }

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
        Value = reader.ReadDouble();
    }

    public override void LoadStateDict(OptimizerState source)
    {
        if (source is not LossAverageState other)
            throw new ArgumentException($"Expected the VeloGrad loss-average state, got {source?.GetType().Name ?? "null"}.", nameof(source));
        Value = other.Value;
    }

    public override bool ApproximatelyEquals(OptimizerState other) => other is LossAverageState o && o.Value == Value;

    public override void to(Device device)
    {
        // Lives on the host.
    }
}
