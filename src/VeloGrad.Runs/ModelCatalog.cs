namespace VeloGrad.Runs;

/// <summary>The models a run can name, with what each is; how each is built lives with the training toolkit.</summary>
public static class ModelCatalog
{
    public const string ResNet18Name = "resnet18";
    public const string ResNet18CifarName = "resnet18-cifar";
    public const string SmallCnnName = "small-cnn";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [ResNet18Name] = "torchvision's ResNet-18 (ImageNet stem) with a new head, as the reference builds it",
        [ResNet18CifarName] = "ResNet-18 with the CIFAR stem (3×3 convolution, no max-pool): stronger on 32×32 images",
        [SmallCnnName] = "a small CNN (3 conv stages) for fast runs and tests",
    };

    public static IReadOnlyList<string> Names { get; } = [ResNet18Name, ResNet18CifarName, SmallCnnName];

    public static string Describe(string name) => Descriptions[name];

    /// <exception cref="InvalidSettingException">The name is not a known model.</exception>
    public static void Validate(string name)
    {
        if (!Descriptions.ContainsKey(name))
            throw new InvalidSettingException(nameof(TrainingConfig.Model), $"Unknown model '{name}': use one of {string.Join(", ", Names)}.");
    }
}
