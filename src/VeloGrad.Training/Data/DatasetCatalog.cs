namespace VeloGrad.Training.Data;

/// <summary>The datasets by name, and <c>auto</c>: CIFAR-10 if present, else Fashion-MNIST if installed, else synthetic.</summary>
public static class DatasetCatalog
{
    public const string Auto = "auto";
    public static readonly IReadOnlyList<string> Names = [Auto, Cifar10.Name, FashionMnist.Name, SyntheticImages.Name];

    /// <summary>The folder searched for CIFAR-10 by default: $VELOGRAD_DATA, else ./data.</summary>
    public static string DefaultDataRoot => Environment.GetEnvironmentVariable("VELOGRAD_DATA") is { Length: > 0 } root ? root : "data";

    /// <summary>Which dataset <paramref name="name"/> means here, with why (for <c>auto</c>).</summary>
    public static (string Dataset, string Reason) Resolve(string name, string? dataRoot = null, string? fashionMnistFolder = null)
    {
        dataRoot ??= DefaultDataRoot;
        fashionMnistFolder ??= FashionMnist.DebianFolder;
        return name switch
        {
            Auto when Cifar10.Locate(dataRoot) is { } at => (Cifar10.Name, $"auto: CIFAR-10 found at {at}"),
            Auto when FashionMnist.IsPresent(fashionMnistFolder) => (FashionMnist.Name, $"auto: no CIFAR-10 in '{dataRoot}'; Fashion-MNIST found in {fashionMnistFolder}"),
            Auto => (SyntheticImages.Name, $"auto: neither CIFAR-10 in '{dataRoot}' nor Fashion-MNIST in {fashionMnistFolder}; using the synthetic set"),
            _ when Names.Contains(name) => (name, name),
            _ => throw new DatasetException($"Unknown dataset '{name}': use one of {string.Join(", ", Names)}."),
        };
    }

    /// <summary>Loads a dataset by name (resolving <c>auto</c>), cut to the given split sizes.</summary>
    public static DatasetSplits Load(string dataset, ulong seed, string? dataRoot = null, string? fashionMnistFolder = null,
        int? trainLimit = null, int? testLimit = null)
    {
        var splits = dataset switch
        {
            Cifar10.Name => Cifar10.Load(dataRoot ?? DefaultDataRoot),
            FashionMnist.Name => FashionMnist.Load(fashionMnistFolder),
            SyntheticImages.Name => SyntheticImages.Generate(seed,
                trainLimit ?? SyntheticImages.DefaultTrainSize, testLimit ?? SyntheticImages.DefaultTestSize),
            _ => throw new DatasetException($"Unknown dataset '{dataset}': use one of {string.Join(", ", Names.Skip(1))} (resolve '{Auto}' first)."),
        };
        return splits.Limit(trainLimit, testLimit);
    }
}
