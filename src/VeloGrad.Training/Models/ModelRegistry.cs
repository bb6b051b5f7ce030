using static TorchSharp.torch;

namespace VeloGrad.Training.Models;

/// <summary>How each model <see cref="ModelCatalog"/> names is built (its name, description and metric are the catalog's).</summary>
public static class ModelRegistry
{
    private static readonly Dictionary<string, (Func<int, int, int, nn.Module<Tensor, Tensor>> Create, ConvolutionInit Init)> Models = new(StringComparer.Ordinal)
    {
        [ModelCatalog.ResNet18Name] = ((classes, channels, _) => new ResNet18(classes, channels, ResNetStem.ImageNet), ConvolutionInit.KaimingNormalFanOut),
        [ModelCatalog.ResNet18CifarName] = ((classes, channels, _) => new ResNet18(classes, channels, ResNetStem.Cifar), ConvolutionInit.KaimingNormalFanOut),
        [ModelCatalog.SmallCnnName] = ((classes, channels, _) => new SmallCnn(classes, channels), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.LogRegName] = ((classes, channels, size) => new LogisticRegression(classes, (long)channels * size * size), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.MlpName] = ((classes, channels, size) => new Mlp(classes, (long)channels * size * size), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.TwoConvTwoDenseName] = ((classes, channels, size) => new TwoConvTwoDense(classes, channels, size), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.ThreeConvThreeDenseName] = ((classes, channels, size) => new ThreeConvThreeDense(classes, channels, size), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.VaeName] = ((_, _, size) => new Vae(size), ConvolutionInit.PyTorchDefault),
        [ModelCatalog.QuadraticDeepName] = ((_, _, _) => new QuadraticDeep(), ConvolutionInit.PyTorchDefault),
    };

    /// <summary>A new model for square images of <paramref name="imageSize"/> pixels; with a seed, its parameters are
    /// drawn from that seed alone (see <see cref="ModelInitialization"/>), each model's way.</summary>
    public static nn.Module<Tensor, Tensor> Create(string name, int classes, int inputChannels = 3, ulong? seed = null, int imageSize = 32)
    {
        ModelCatalog.Validate(name);
        var (create, init) = Models[name];
        var model = create(classes, inputChannels, imageSize);
        if (seed is ulong s) ModelInitialization.Apply(model, s, init);
        // A model whose definition says how it starts starts so unseeded too, from torch's generator.
        else if (model is ISelfInitializing) ModelInitialization.Apply(model, (ulong)randint(long.MaxValue, [1]).item<long>(), init);
        return model;
    }
}
