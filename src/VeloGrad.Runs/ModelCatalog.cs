namespace VeloGrad.Runs;

/// <summary>The models a run can name, with what each is; how each is built lives with the training toolkit.</summary>
public static class ModelCatalog
{
    public const string ResNet18Name = "resnet18";
    public const string ResNet18CifarName = "resnet18-cifar";
    public const string SmallCnnName = "small-cnn";
    public const string LogRegName = "logreg", MlpName = "mlp", TwoConvTwoDenseName = "2c2d", ThreeConvThreeDenseName = "3c3d";
    public const string VaeName = "vae", QuadraticDeepName = "quadratic-deep";

    /// <summary>The dataset the quadratic is defined on (its noise), and the only model that dataset fits.</summary>
    public const string QuadraticDatasetName = "quadratic";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [ResNet18Name] = "torchvision's ResNet-18 (ImageNet stem) with a new head, as the reference builds it",
        [ResNet18CifarName] = "ResNet-18 with the CIFAR stem (3×3 convolution, no max-pool): stronger on 32×32 images",
        [SmallCnnName] = "a small CNN (3 conv stages) for fast runs and tests",
        [LogRegName] = "DeepOBS's logistic regression (fmnist_logreg): one dense layer from the 784 pixels to the classes, starting at 0; takes (Fashion-)MNIST at 1×28×28",
        [MlpName] = "DeepOBS's MLP (fmnist_mlp): hidden layers of 1000, 500 and 100 ReLU units, truncated-normal weights (σ 0.03); takes (Fashion-)MNIST at 1×28×28",
        [TwoConvTwoDenseName] = "DeepOBS's 2c2d (fmnist_2c2d): two 5×5 \"same\" convolutions (32, 64) with max-pooling, a 1024-unit dense layer, truncated-normal weights (σ 0.05, biases 0.05); takes (Fashion-)MNIST at 1×28×28",
        [ThreeConvThreeDenseName] = "DeepOBS's 3c3d (cifar10_3c3d): three convolutions (64, 96, 128) with max-pooling, dense layers of 512 and 256, Xavier weights; DeepOBS's CIFAR-10 augmentation by default",
        [VaeName] = "DeepOBS's VAE (fmnist_vae, mnist_vae): three 4×4 convolutions of 64, an 8-dimensional latent, dense layers of 24 and 49, three 4×4 transposed convolutions of 64 and a sigmoid output; takes (Fashion-)MNIST at 1×28×28; its loss (squared reconstruction error + KL divergence) is its metric",
        [QuadraticDeepName] = "DeepOBS's noisy quadratic: 100 parameters θ, loss ½ (θ − x)ᵀ Q (θ − x) with Q's eigenvalues 90 in (0, 1) and 10 in (30, 60); needs the quadratic dataset",
    };

    public static IReadOnlyList<string> Names { get; } = [ResNet18Name, ResNet18CifarName, SmallCnnName, LogRegName, MlpName, TwoConvTwoDenseName, ThreeConvThreeDenseName, VaeName, QuadraticDeepName];

    /// <summary>Whether the model takes (Fashion-)MNIST as it is, 1×28×28 (DeepOBS's networks for it), rather than served
    /// as 3×32×32 for the CIFAR-sized models.</summary>
    public static bool TakesNativeImages(string name) => name is LogRegName or MlpName or TwoConvTwoDenseName or VaeName;

    /// <summary>Whether the model has 2-D convolutions, the layers a channels-last memory order changes (the others see
    /// the same numbers in the same order either way).</summary>
    public static bool HasConvolutions(string name) => name is ResNet18Name or ResNet18CifarName or SmallCnnName or TwoConvTwoDenseName or ThreeConvThreeDenseName or VaeName;

    /// <summary>What a run of this model is judged by: the classifiers by accuracy, the models that are their own loss by it.</summary>
    public static WorkloadMetric MetricOf(string name) => name is VaeName or QuadraticDeepName ? WorkloadMetric.Loss : WorkloadMetric.Accuracy;

    public static string Describe(string name) => Descriptions[name];

    /// <exception cref="InvalidSettingException">The quadratic model and its dataset are named one without the other.</exception>
    public static void ValidatePairing(string model, string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (model == QuadraticDeepName && dataset != QuadraticDatasetName)
            throw new InvalidSettingException(nameof(TrainingConfig.Dataset), $"The {QuadraticDeepName} model is defined on the {QuadraticDatasetName} dataset (its noise), not on {dataset}: use --dataset {QuadraticDatasetName}.");
        if (dataset == QuadraticDatasetName && model != QuadraticDeepName)
            throw new InvalidSettingException(nameof(TrainingConfig.Model), $"The {QuadraticDatasetName} dataset is the noise of the {QuadraticDeepName} model, not images for {model}: use --model {QuadraticDeepName}.");
    }

    /// <exception cref="InvalidSettingException">The name is not a known model.</exception>
    public static void Validate(string name)
    {
        if (!Descriptions.ContainsKey(name))
            throw new InvalidSettingException(nameof(TrainingConfig.Model), $"Unknown model '{name}': use one of {string.Join(", ", Names)}.");
    }
}
