namespace VeloGrad.Runs;

/// <summary>The models a run can name, with what each is; how each is built lives with the training toolkit.</summary>
public static class ModelCatalog
{
    public const string ResNet18Name = "resnet18";
    public const string ResNet18CifarName = "resnet18-cifar";
    public const string SmallCnnName = "small-cnn";
    public const string MlpName = "mlp", TwoConvTwoDenseName = "2c2d", ThreeConvThreeDenseName = "3c3d";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [ResNet18Name] = "torchvision's ResNet-18 (ImageNet stem) with a new head, as the reference builds it",
        [ResNet18CifarName] = "ResNet-18 with the CIFAR stem (3×3 convolution, no max-pool): stronger on 32×32 images",
        [SmallCnnName] = "a small CNN (3 conv stages) for fast runs and tests",
        [MlpName] = "DeepOBS's fmnist_mlp: hidden layers of 1000, 500 and 100 ReLU units",
        [TwoConvTwoDenseName] = "DeepOBS's 2c2d: two 5×5 convolutions (32, 64) with max-pooling, a 1024-unit dense layer",
        [ThreeConvThreeDenseName] = "DeepOBS's 3c3d: three convolutions (64, 96, 128) with max-pooling, dense layers of 512 and 256",
    };

    public static IReadOnlyList<string> Names { get; } = [ResNet18Name, ResNet18CifarName, SmallCnnName, MlpName, TwoConvTwoDenseName, ThreeConvThreeDenseName];

    public static string Describe(string name) => Descriptions[name];

    /// <exception cref="InvalidSettingException">The name is not a known model.</exception>
    public static void Validate(string name)
    {
        if (!Descriptions.ContainsKey(name))
            throw new InvalidSettingException(nameof(TrainingConfig.Model), $"Unknown model '{name}': use one of {string.Join(", ", Names)}.");
    }
}
