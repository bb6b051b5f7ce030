namespace VeloGrad.Training.Data;

/// <summary>The datasets by name (<c>auto</c> is resolved by <see cref="DatasetSelection"/>), and loading one.</summary>
public static class DatasetCatalog
{
    public const string Auto = "auto";
    public static readonly IReadOnlyList<string> Names = [Auto, Cifar10.Name, FashionMnist.Name, Mnist.Name, SyntheticImages.Name, QuadraticNoise.Name];

    /// <summary>The folder searched for CIFAR-10 and MNIST by default: $VELOGRAD_DATA, else ./data.</summary>
    public static string DefaultDataRoot => Environment.GetEnvironmentVariable("VELOGRAD_DATA") is { Length: > 0 } root ? root : "data";

    /// <summary>Loads a dataset by name (resolve <c>auto</c> first), cut to the given split sizes; (Fashion-)MNIST as
    /// 1×28×28 with <paramref name="nativeImages"/> (the models that take it so: <see cref="ModelCatalog.TakesNativeImages"/>).</summary>
    public static DatasetSplits Load(string dataset, ulong seed, string? dataRoot = null, string? fashionMnistFolder = null,
        int? trainLimit = null, int? testLimit = null, bool nativeImages = false)
    {
        var splits = dataset switch
        {
            Cifar10.Name => Cifar10.Load(dataRoot ?? DefaultDataRoot),
            FashionMnist.Name => FashionMnist.Load(fashionMnistFolder, nativeImages),
            Mnist.Name => Mnist.Load(dataRoot ?? DefaultDataRoot, nativeImages),
            // A limit caps the synthetic set as it caps a real one (generating only what is kept): never beyond its size.
            SyntheticImages.Name => SyntheticImages.Generate(seed,
                Math.Min(trainLimit ?? SyntheticImages.DefaultTrainSize, SyntheticImages.DefaultTrainSize),
                Math.Min(testLimit ?? SyntheticImages.DefaultTestSize, SyntheticImages.DefaultTestSize)),
            QuadraticNoise.Name => QuadraticNoise.Generate(),
            _ => throw new DatasetException($"Unknown dataset '{dataset}': use one of {string.Join(", ", Names.Skip(1))} (resolve '{Auto}' first)."),
        };
        return splits.Limit(trainLimit, testLimit);
    }
}
