using System.Text.Json.Serialization;

namespace VeloGrad.Runs;

/// <summary>How training images are transformed, in this order: crop with zero padding, horizontal flip, rotation, colour
/// jitter (brightness, contrast, saturation: off unless set), then scaling to [0, 1] and normalisation per channel. The
/// defaults are the reference's: RandomCrop(32, padding=4), RandomHorizontalFlip(), RandomRotation(15), ToTensor(),
/// Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)).</summary>
public sealed record AugmentationOptions
{
    public int CropPadding { get; init; } = 4;
    public double FlipProbability { get; init; } = 0.5;
    public double MaxRotationDegrees { get; init; } = 15;

    /// <summary>The range brightness factors are drawn from (null: off). Left out of the saved configuration when off,
    /// as the jitter ranges below, so runs made before them keep their identity.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JitterRange? Brightness { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JitterRange? Contrast { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JitterRange? Saturation { get; init; }

    public IReadOnlyList<float> Mean { get; init; } = [0.5f, 0.5f, 0.5f];
    public IReadOnlyList<float> Std { get; init; } = [0.5f, 0.5f, 0.5f];

    /// <summary>Whether any colour jitter is on.</summary>
    [JsonIgnore]
    public bool Jitters => Brightness is not null || Contrast is not null || Saturation is not null;

    /// <summary>The data as they are: no crop, flip or rotation, pixels scaled to [0, 1] and not normalised (one mean
    /// and one std for every channel), as DeepOBS serves (Fashion-)MNIST (<c>ToTensor()</c>) and its quadratic.</summary>
    public static AugmentationOptions Identity { get; } = new() { CropPadding = 0, FlipProbability = 0, MaxRotationDegrees = 0, Mean = [0f], Std = [1f] };

    /// <summary>DeepOBS's CIFAR-10 training transform (its PyTorch <c>training_transform_augmented</c>): Pad(2) and a
    /// random 32×32 crop, a horizontal flip, ColorJitter(brightness=63/255, saturation=[0.5, 1.5], contrast=[0.2, 1.8]),
    /// ToTensor and Normalize with CIFAR-10's per-channel mean and std.</summary>
    public static AugmentationOptions DeepObsCifar10 { get; } = new()
    {
        CropPadding = 2, FlipProbability = 0.5, MaxRotationDegrees = 0,
        Brightness = new(1 - 63.0 / 255, 1 + 63.0 / 255), Contrast = new(0.2, 1.8), Saturation = new(0.5, 1.5),
        Mean = [0.49139968f, 0.48215841f, 0.44653091f], Std = [0.24703223f, 0.24348513f, 0.26158784f],
    };

    /// <summary>What a model trains on unless told otherwise: DeepOBS's networks their DeepOBS data (pixels in [0, 1] for
    /// the (Fashion-)MNIST ones, its CIFAR-10 transform for 3c3d; a model that is its own loss the data as they are); the
    /// reference's augmentation for the others.</summary>
    public static AugmentationOptions DefaultFor(string model) => model switch
    {
        ModelCatalog.ThreeConvThreeDenseName => DeepObsCifar10,
        _ when ModelCatalog.MetricOf(model) == WorkloadMetric.Loss || ModelCatalog.TakesNativeImages(model) => Identity,
        _ => new AugmentationOptions(),
    };
}

/// <summary>A factor range [Low, High] a jitter is drawn from uniformly.</summary>
public sealed record JitterRange(double Low, double High);
