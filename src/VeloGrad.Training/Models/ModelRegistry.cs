using static TorchSharp.torch;

namespace VeloGrad.Training.Models;

/// <summary>Builds the models <see cref="ModelCatalog"/> names.</summary>
public static class ModelRegistry
{
    public const string ResNet18Name = ModelCatalog.ResNet18Name;
    public const string ResNet18CifarName = ModelCatalog.ResNet18CifarName;
    public const string SmallCnnName = ModelCatalog.SmallCnnName;

    private static readonly Dictionary<string, (Func<int, int, int, nn.Module<Tensor, Tensor>> Create, ConvolutionInit Init)> Models = new(StringComparer.Ordinal)
    {
        [ResNet18Name] = ((classes, channels, _) => new ResNet18(classes, channels, ResNetStem.ImageNet), ConvolutionInit.KaimingNormalFanOut),
        [ResNet18CifarName] = ((classes, channels, _) => new ResNet18(classes, channels, ResNetStem.Cifar), ConvolutionInit.KaimingNormalFanOut),
        [SmallCnnName] = ((classes, channels, _) => new SmallCnn(classes, channels), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.LogRegName] = ((classes, channels, size) => new LogisticRegression(classes, (long)channels * size * size), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.MlpName] = ((classes, channels, size) => new Mlp(classes, (long)channels * size * size), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.TwoConvTwoDenseName] = ((classes, channels, size) => new TwoConvTwoDense(classes, channels, size), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.ThreeConvThreeDenseName] = ((classes, channels, size) => new ThreeConvThreeDense(classes, channels, size), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.VaeName] = ((_, _, size) => new Vae(size), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.QuadraticDeepName] = ((_, _, _) => new QuadraticDeep(), ConvolutionInit.PyTorchDefault),
    };

    public static IReadOnlyList<string> Names => ModelCatalog.Names;

    public static string Describe(string name) => ModelCatalog.Describe(name);

    /// <summary>A new model for square images of <paramref name="imageSize"/> pixels; with a seed, its parameters are
    /// drawn from that seed alone (see <see cref="ModelInitialization"/>), each model's way.</summary>
    public static nn.Module<Tensor, Tensor> Create(string name, int classes, int inputChannels = 3, ulong? seed = null, int imageSize = 32)
    {
        Validate(name);
        var (create, init) = Models[name];
        var model = create(classes, inputChannels, imageSize);
        if (seed is ulong s) ModelInitialization.Apply(model, s, init);
        // A model whose definition says how it starts starts so unseeded too, from torch's generator.
        else if (model is ISelfInitializing) ModelInitialization.Apply(model, (ulong)randint(long.MaxValue, [1]).item<long>(), init);
        return model;
    }

    public static void Validate(string name) => ModelCatalog.Validate(name);
}
