using VeloGrad.Training.Random;
using static TorchSharp.torch;

namespace VeloGrad.Training.Data;

/// <summary>
/// The data of DeepOBS's noisy quadratic, DeepOBS's own numbers: 1,000 draws x ~ N(0, 0.6² I) in 100 dimensions to
/// train on, from numpy's <c>RandomState(42)</c>, and 1,000 to test on, from <c>RandomState(43)</c>
/// (<c>rng.normal(0.0, 0.6, (1000, 100))</c>, cast to float32, as DeepOBS's quadratic data set). Served as float32
/// samples [N, 1, 1, 100] of one class, "noise", so that the loader, limits and validation splits treat them as any dataset.
/// </summary>
public static class QuadraticNoise
{
    public const string Name = ModelCatalog.QuadraticDatasetName;
    public const int Dimensions = Models.QuadraticDeep.Dimensions, Size = 1_000;
    public const double NoiseLevel = 0.6;
    public const uint TrainSeed = 42, TestSeed = 43;
    public static readonly IReadOnlyList<string> ClassNames = ["noise"];

    public static DatasetSplits Generate() => new(Split("train", TrainSeed), Split("test", TestSeed));

    private static ImageDataset Split(string split, uint seed)
    {
        var draws = new NumpyRandomState(seed).Normal(0.0, NoiseLevel, Size * Dimensions);
        var values = Array.ConvertAll(draws, d => (float)d);
        return new ImageDataset(Name, split, tensor(values, [Size, 1, 1, Dimensions]), zeros(Size, dtype: ScalarType.Int64), ClassNames,
            $"DeepOBS's quadratic noise: numpy RandomState({seed}).normal(0, {NoiseLevel}, ({Size}, {Dimensions}))");
    }
}
