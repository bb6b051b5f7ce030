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

    /// <summary>The data as they are: no crop, flip or rotation, pixels scaled to [0, 1] and not normalised (one mean
    /// and one std for every channel), as DeepOBS serves its VAE and quadratic problems.</summary>
    public static AugmentationOptions Identity { get; } = new() { CropPadding = 0, FlipProbability = 0, MaxRotationDegrees = 0, Mean = [0f], Std = [1f] };

    /// <summary>What a model trains on unless told otherwise: the reference's augmentation for the classifiers; the data
    /// as they are for a model that is its own loss (a VAE reconstructs its input; the quadratic's noise is no image).</summary>
    public static AugmentationOptions DefaultFor(string model) =>
        ModelCatalog.MetricOf(model) == WorkloadMetric.Loss ? Identity : new AugmentationOptions();
}
