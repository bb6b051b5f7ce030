using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Training.Data;

/// <summary>
/// A deterministic, CIFAR-shaped (3×32×32, 10 classes) image set generated from a seed. Each class is a sine
/// grating of one of five orientations and one of two spatial periods; every image has its own random phase,
/// colour, brightness, jitter and noise. With the phase random, every class has the same mean image, so a
/// linear model on pixels stays near chance, while a small CNN (oriented filters, rectification, pooling)
/// learns it within a couple of epochs.
/// </summary>
public static class SyntheticImages
{
    public const string Name = "synthetic";
    public const int DefaultTrainSize = 50_000;
    public const int DefaultTestSize = 10_000;
    private const int Size = 32;
    private const int GenerationChunk = 5_000;
    private const int Orientations = 5;
    private static readonly double[] Periods = [8.0, 4.0];
    private const double OrientationJitterRadians = 5 * Math.PI / 180;
    private const double Amplitude = 70;
    private const double NoiseStd = 20;

    public static readonly IReadOnlyList<string> ClassNames =
        [.. Periods.SelectMany((p, f) => Enumerable.Range(0, Orientations).Select(o => $"{(f == 0 ? "wide" : "fine")}-{o * 180 / Orientations}deg"))];

    public static DatasetSplits Generate(ulong seed, int trainSize = DefaultTrainSize, int testSize = DefaultTestSize)
    {
        string source = $"generated (seed {seed})";
        return new DatasetSplits(
            GenerateSplit("train", trainSize, seed * 2 + 1, source),
            GenerateSplit("test", testSize, seed * 2 + 2, source));
    }

    private static ImageDataset GenerateSplit(string split, int count, ulong seed, string source)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A synthetic split needs at least one image.");
        using var generator = new Generator(seed);
        var labels = arange(count, dtype: ScalarType.Int64).remainder(ClassNames.Count).index_select(0, randperm(count, generator: generator));
        var chunks = new List<Tensor>();
        using (NewDisposeScope())
        {
            for (int start = 0; start < count; start += GenerationChunk)
            {
                int n = Math.Min(GenerationChunk, count - start);
                chunks.Add(Render(labels.narrow(0, start, n), generator).MoveToOuterDisposeScope());
            }
        }
        var images = cat(chunks, 0);
        foreach (var c in chunks) c.Dispose();
        return new ImageDataset(Name, split, images, labels, ClassNames, source);
    }

    private static Tensor Render(Tensor labels, Generator generator)
    {
        long n = labels.shape[0];
        var orientation = labels.remainder(Orientations).to(ScalarType.Float32) * (float)(Math.PI / Orientations)
                          + (rand(n, generator: generator) * 2 - 1) * (float)OrientationJitterRadians;
        var period = tensor(Periods.Select(p => (float)p).ToArray()).index_select(0, labels.div(Orientations, rounding_mode: RoundingMode.floor))
                     * (1 + (rand(n, generator: generator) * 2 - 1) * 0.05f);
        var phase = rand(n, generator: generator) * (float)(2 * Math.PI);

        var coordinates = arange(Size, dtype: ScalarType.Float32) - (Size - 1) / 2f;
        var y = coordinates.view(1, Size, 1);
        var x = coordinates.view(1, 1, Size);
        var projection = x * orientation.cos().view(n, 1, 1) + y * orientation.sin().view(n, 1, 1);
        var wave = (projection * (float)(2 * Math.PI) / period.view(n, 1, 1) + phase.view(n, 1, 1)).sin(); // [n, H, W]

        var colour = rand([n, 3], generator: generator) * 0.8f + 0.2f;                                   // per-sample RGB weights
        var brightness = 100 + rand(n, generator: generator) * 55;
        var image = brightness.view(n, 1, 1, 1) + (float)Amplitude * colour.view(n, 3, 1, 1) * wave.unsqueeze(1)
                    + randn([n, 3, Size, Size], generator: generator) * (float)NoiseStd;
        return image.round_().clamp_(0, 255).to(ScalarType.Byte);
    }
}
