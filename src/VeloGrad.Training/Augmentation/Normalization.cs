using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>ToTensor and Normalize: uint8 → float in [0, 1], then (x − mean) / std per channel. The per-channel
/// constants are made once per device and kept: made per batch, they would be a host-to-device copy that waits
/// for the device's queue every batch.</summary>
public sealed class Normalization(IReadOnlyList<float> mean, IReadOnlyList<float> std)
{
    private readonly ConcurrentDictionary<(DeviceType, int), (Tensor Mean, Tensor Std)> _constants = new();

    /// <summary>uint8 pixels scaled to [0, 1]; float32 values (data that are not pixels) copied as they are.</summary>
    public static Tensor ToUnitRange(Tensor images) =>
        images.dtype == ScalarType.Byte ? images.to(ScalarType.Float32).div_(255f) : images.to(ScalarType.Float32, copy: true);

    public Tensor Apply(Tensor unitImages)
    {
        ArgumentNullException.ThrowIfNull(unitImages);
        long channels = unitImages.shape[1];
        bool shared = mean.Count == 1 && std.Count == 1; // one mean and std for every channel
        if (!shared && (mean.Count != channels || std.Count != channels))
            throw new ArgumentException($"Normalisation needs one mean and one std per channel ({channels}), or one of each for all; got {mean.Count} and {std.Count}.");
        long c = shared ? 1 : channels;
        var (m, s) = _constants.GetOrAdd((unitImages.device_type, unitImages.device_index), _ =>
            (tensor(mean.ToArray(), device: unitImages.device).view(1, c, 1, 1).DetachFromDisposeScope(),
             tensor(std.ToArray(), device: unitImages.device).view(1, c, 1, 1).DetachFromDisposeScope()));
        return (unitImages - m).div_(s);
    }
}
