namespace VeloGrad.Runs;

/// <summary>The reference's augmentation: RandomCrop(32, padding=4), RandomHorizontalFlip(), RandomRotation(15),
/// ToTensor(), Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)).</summary>
public sealed record AugmentationOptions
{
    public int CropPadding { get; init; } = 4;
    public double FlipProbability { get; init; } = 0.5;
    public double MaxRotationDegrees { get; init; } = 15;
    public IReadOnlyList<float> Mean { get; init; } = [0.5f, 0.5f, 0.5f];
    public IReadOnlyList<float> Std { get; init; } = [0.5f, 0.5f, 0.5f];
}
