using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Training.Data;

/// <summary>
/// The data of DeepOBS's noisy quadratic: fixed draws x ~ N(0, 0.6² I) in 100 dimensions, 1,000 to train on and
/// 1,000 others to test on, each from its own fixed seed (DeepOBS draws them with numpy's seeds 42 and 43; these come
/// from libtorch's generator, so they are other numbers from the same distribution). Served as float32 samples
/// [N, 1, 1, 100] of one class, "noise", so that the loader, limits and validation splits treat them as any dataset.
/// </summary>
public static class QuadraticNoise
{
    public const string Name = ModelCatalog.QuadraticDatasetName;
    public const int Dimensions = Models.QuadraticDeep.Dimensions, Size = 1_000;
    public const double NoiseLevel = 0.6;
    private const ulong TrainSeed = 42, TestSeed = 43;
    public static readonly IReadOnlyList<string> ClassNames = ["noise"];

    public static DatasetSplits Generate() => new(Split("train", TrainSeed), Split("test", TestSeed));

    private static ImageDataset Split(string split, ulong seed)
    {
        using var generator = new Generator(seed);
        using var draws = randn([Size, 1, 1, Dimensions], dtype: ScalarType.Float64, generator: generator);
        using var scaled = draws * NoiseLevel;
        return new ImageDataset(Name, split, scaled.to(ScalarType.Float32), zeros(Size, dtype: ScalarType.Int64), ClassNames,
            $"generated (N(0, {NoiseLevel}²) in {Dimensions} dimensions, seed {seed})");
    }
}
