using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>ToTensor and Normalize: uint8 → float in [0, 1], then (x − mean) / std per channel.</summary>
public static class Normalization
{
    public static Tensor ToUnitRange(Tensor images) => images.to(ScalarType.Float32).div_(255f);

    public static Tensor Apply(Tensor unitImages, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        long channels = unitImages.shape[1];
        if (mean.Count != channels || std.Count != channels)
            throw new ArgumentException($"Normalisation needs one mean and one std per channel ({channels}); got {mean.Count} and {std.Count}.");
        using var m = tensor(mean.ToArray(), device: unitImages.device).view(1, channels, 1, 1);
        using var s = tensor(std.ToArray(), device: unitImages.device).view(1, channels, 1, 1);
        return (unitImages - m).div_(s);
    }
}
