using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using VeloGrad.MixedPrecision;
using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Models;
using VeloGrad.Training.Optimizers;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Float32 against bfloat16 mixed precision (autocast) on ResNet-18, batches of 128, in one run: the bare
/// forward + backward + Adam step in NCHW and channels-last layouts, measured in interleaved rounds, each ratio
/// against float32 NCHW of the same round; then the whole training loop with VeloGrad in both precisions; and
/// PyTorch 1.13's CPU autocast where python3-torch is installed.
/// </summary>
internal static class PrecisionBenchmark
{
    private const int BatchSize = 128;

    private sealed record Variant(string Name, ScalarType? Half, bool ChannelsLast);

    private static readonly Variant[] Variants =
    [
        new("float32", null, false),
        new("bfloat16 mixed", ScalarType.BFloat16, false),
        new("float32 channels-last", null, true),
        new("bfloat16 mixed channels-last", ScalarType.BFloat16, true),
    ];

    public static int Run(int rounds, int batches, string? jsonPath)
    {
        var samples = Variants.ToDictionary(v => v.Name, _ => new List<double>());
        var ratios = Variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            double baseline = 0;
            foreach (var variant in Variants)
            {
                double perSecond = BareThroughput(variant, batches);
                if (variant.Half is null && !variant.ChannelsLast) baseline = perSecond;
                samples[variant.Name].Add(perSecond);
                ratios[variant.Name].Add(perSecond / baseline);
            }
        }

        var loops = new List<(string Name, double ImagesPerSecond)>();
        using (var data = SyntheticImages.Generate(seed: 0, trainSize: BatchSize * batches, testSize: 10))
        {
            foreach (var half in new ScalarType?[] { null, ScalarType.BFloat16, null, ScalarType.BFloat16 })
                loops.Add((half is null ? "float32" : "bfloat16 mixed", LoopThroughput(half, data.Train)));
        }

        string Rounds(string name) => string.Join(" ", samples[name].Select(s => s.ToString("F0", CultureInfo.InvariantCulture)));
        Console.WriteLine($"Precision on resnet18, batches of {BatchSize}, {get_num_threads()} threads; bare forward+backward+Adam, {rounds} rounds of {batches} batches, median images/s and median ratio to float32 NCHW of the same round:");
        foreach (var v in Variants)
            Console.WriteLine($"  {v.Name,-30} {StepTimer.MedianMilliseconds(samples[v.Name]),8:F0} images/s   {StepTimer.MedianMilliseconds(ratios[v.Name]):F2}   (rounds: {Rounds(v.Name)})");

        var pytorch = new Dictionary<string, double?>();
        foreach (var (name, args) in new[] { ("float32", "float32"), ("bfloat16 autocast", "bfloat16") })
            pytorch[name] = PyTorchReference.Run("bare-train", "--batches", batches.ToString(CultureInfo.InvariantCulture), "--precision", args)?.GetProperty("images_per_second").GetDouble();
        if (pytorch.Values.All(v => v is not null))
        {
            double ours = StepTimer.MedianMilliseconds(samples["bfloat16 mixed"]);
            Console.WriteLine($"  PyTorch float32                {pytorch["float32"],8:F0} images/s");
            Console.WriteLine($"  PyTorch bfloat16 autocast      {pytorch["bfloat16 autocast"],8:F0} images/s   {pytorch["bfloat16 autocast"] / pytorch["float32"]:F2} (vs PyTorch float32); ours bfloat16 / PyTorch bfloat16 = {ours / pytorch["bfloat16 autocast"]:F2}");
        }
        else Console.WriteLine("  (PyTorch baselines skipped: /usr/bin/python3 has no torch; apt-get install python3-torch)");

        Console.WriteLine("Whole training loop with VeloGrad (data, augmentation, forward, backward, step, metrics), alternating:");
        foreach (var (name, perSecond) in loops) Console.WriteLine($"  {name,-30} {perSecond,8:F0} images/s");
        double loopRatio = loops.Where(l => l.Name != "float32").Average(l => l.ImagesPerSecond) / loops.Where(l => l.Name == "float32").Average(l => l.ImagesPerSecond);
        Console.WriteLine($"  bfloat16 mixed / float32 (means of 2): {loopRatio:F2}");

        if (jsonPath is not null)
            BenchmarkReport.Write(jsonPath, "precision", new
            {
                model = "resnet18", batchSize = BatchSize, rounds, batches,
                bare = Variants.Select(v => new { variant = v.Name, medianImagesPerSecond = StepTimer.MedianMilliseconds(samples[v.Name]), medianRatio = StepTimer.MedianMilliseconds(ratios[v.Name]), rounds = samples[v.Name] }),
                pytorch,
                loops = loops.Select(l => new { precision = l.Name, imagesPerSecond = l.ImagesPerSecond }),
                loopRatio,
            });
        return 0;
    }

    private static double BareThroughput(Variant variant, int batches)
    {
        using var network = ModelRegistry.Create(ModelRegistry.ResNet18Name, 10, seed: 0);
        if (variant.ChannelsLast) ChannelsLast.Convert(network);
        network.train();
        using var adam = optim.Adam(network.parameters(), lr: 1e-3, weight_decay: 1e-4);
        using var input = randn(BatchSize, 3, 32, 32);
        using var x = variant.ChannelsLast ? ChannelsLast.Of(input) : input.alias();
        using var y = randint(0, 10, [BatchSize]);
        void Step()
        {
            using var _ = NewDisposeScope();
            adam.zero_grad();
            Tensor output;
            using (variant.Half is ScalarType half ? Autocast.Enable(DeviceType.CPU, half) : null)
                output = network.call(x);
            nn.functional.cross_entropy(output.to(ScalarType.Float32), y).backward();
            adam.step();
        }
        Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < batches; i++) Step();
        return batches * BatchSize / clock.Elapsed.TotalSeconds;
    }

    private static double LoopThroughput(ScalarType? half, ImageDataset train)
    {
        using var network = ModelRegistry.Create(ModelRegistry.ResNet18Name, 10, seed: 0);
        var parameters = network.parameters().ToList();
        using var opt = OptimizerRegistry.Create(OptimizerSpec.Parse("velograd"), parameters);
        var loader = new BatchLoader(train, new TrainingAugmentation(new AugmentationOptions()), BatchSize, seed: 1);
        var epoch = new TrainingEpoch(network, opt, parameters, new GradScaler(false), accumulation: 2, half, SilentObserver.Instance);
        epoch.Run(loader, 0, 2, CancellationToken.None); // warm-up: allocations, state
        var clock = Stopwatch.StartNew();
        epoch.Run(loader, 1, 2, CancellationToken.None);
        return train.Count / clock.Elapsed.TotalSeconds;
    }
}

/// <summary>The channels-last (NHWC) memory layout, which TorchSharp cannot ask for: same shapes, permuted strides.</summary>
internal static class ChannelsLast
{
    public static Tensor Of(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    public static void Convert(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var p in module.parameters().Where(p => p.dim() == 4))
        {
            using var permuted = Of(p);
            p.set_(permuted);
        }
    }
}
