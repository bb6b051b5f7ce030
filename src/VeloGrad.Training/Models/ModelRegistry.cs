using static TorchSharp.torch;

namespace VeloGrad.Training.Models;

/// <summary>The models by name.</summary>
public static class ModelRegistry
{
    public const string ResNet18Name = "resnet18";
    public const string ResNet18CifarName = "resnet18-cifar";
    public const string SmallCnnName = "small-cnn";

    private static readonly Dictionary<string, (string Description, Func<int, int, nn.Module<Tensor, Tensor>> Create, ConvolutionInit Init)> Models = new(StringComparer.Ordinal)
    {
        [ResNet18Name] = ("torchvision's ResNet-18 (ImageNet stem) with a new head, as the reference builds it",
            (classes, channels) => new ResNet18(classes, channels, ResNetStem.ImageNet), ConvolutionInit.KaimingNormalFanOut),
        [ResNet18CifarName] = ("ResNet-18 with the CIFAR stem (3×3 convolution, no max-pool): stronger on 32×32 images",
            (classes, channels) => new ResNet18(classes, channels, ResNetStem.Cifar), ConvolutionInit.KaimingNormalFanOut),
        [SmallCnnName] = ("a small CNN (3 conv stages) for fast runs and tests",
            (classes, channels) => new SmallCnn(classes, channels), ConvolutionInit.PyTorchDefault),
    };

    public static IReadOnlyList<string> Names => [.. Models.Keys];

    public static string Describe(string name) => Models[name].Description;

    /// <summary>A new model; with a seed, its parameters are drawn from that seed alone (see <see cref="ModelInitialization"/>).</summary>
    public static nn.Module<Tensor, Tensor> Create(string name, int classes, int inputChannels = 3, ulong? seed = null)
    {
        Validate(name);
        var (_, create, init) = Models[name];
        var model = create(classes, inputChannels);
        if (seed is ulong s) ModelInitialization.Apply(model, s, init);
        return model;
    }

    public static void Validate(string name)
    {
        if (!Models.ContainsKey(name)) throw new ArgumentException($"Unknown model '{name}': use one of {string.Join(", ", Names)}.");
    }
}
