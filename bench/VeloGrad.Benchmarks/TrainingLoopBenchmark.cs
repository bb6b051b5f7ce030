using System.Diagnostics;
using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.MixedPrecision;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Models;
using VeloGrad.Training.Optimizers;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Training images per second of the whole loop (data, augmentation, forward, backward, accumulation, step,
/// metrics) with each optimizer, against the bare forward + backward + Adam step of the same model on one
/// fixed batch, measured in the same run.
/// </summary>
internal static class TrainingLoopBenchmark
{
    private const int BatchSize = 128;

    public static int Run(string model, int batches, string? jsonPath)
    {
        using var data = SyntheticImages.Generate(seed: 0, trainSize: BatchSize * batches, testSize: 10);
        // The machine's speed drifts: each loop is measured right after a bare baseline, and compared with it.
        var bares = new List<double>();
        var results = new List<(string Optimizer, double ImagesPerSecond, double Ratio)>();
        foreach (var (name, half) in new (string, ScalarType?)[] { ("velograd", null), ("adam", null), ("sgd", null), ("velograd", ScalarType.BFloat16) })
        {
            double baseline = BareThroughput(model, batches);
            double loop = LoopThroughput(model, name, data.Train, half);
            bares.Add(baseline);
            results.Add((OptimizerSpec.Parse(name).DisplayName + (half is null ? "" : " bfloat16 mixed"), loop, loop / baseline));
        }
        double bare = StepTimer.MedianMilliseconds(bares);

        double? pytorch = model == ModelRegistry.ResNet18Name
            ? PyTorchReference.Run("bare-train", "--batches", batches.ToString(System.Globalization.CultureInfo.InvariantCulture))?.GetProperty("images_per_second").GetDouble()
            : null;

        Console.WriteLine($"Training loop on {model}, batches of {BatchSize}, {get_num_threads()} threads ({batches} batches an epoch; the loop steps every 2 batches, as the reference):");
        Console.WriteLine($"  {"bare forward+backward+Adam (median)",-34} {bare,8:F0} images/s   1.00");
        if (pytorch is double p) Console.WriteLine($"  {"PyTorch bare forward+backward+Adam",-34} {p,8:F0} images/s   {p / bare:F2}");
        else Console.WriteLine("  (PyTorch baseline skipped: /usr/bin/python3 has no torch; apt-get install python3-torch)");
        foreach (var (name, perSecond, ratio) in results)
            Console.WriteLine($"  {"loop with " + name,-34} {perSecond,8:F0} images/s   {ratio:F2} (vs the bare run just before it)");
        if (jsonPath is not null)
            BenchmarkReport.Write(jsonPath, "training-loop", new { model, batchSize = BatchSize, bareImagesPerSecond = bare, pytorchBareImagesPerSecond = pytorch, loops = results.Select(r => new { optimizer = r.Optimizer, imagesPerSecond = r.ImagesPerSecond, ratio = r.Ratio }) });
        return 0;
    }

    private static double LoopThroughput(string model, string optimizer, ImageDataset train, ScalarType? half)
    {
        random.manual_seed(0);
        using var network = ModelRegistry.Create(model, 10);
        var parameters = network.parameters().ToList();
        using var opt = OptimizerRegistry.Create(OptimizerSpec.Parse(optimizer), parameters);
        var loader = new BatchLoader(train, new TrainingAugmentation(new AugmentationOptions()), BatchSize, seed: 1);
        var epoch = new TrainingEpoch(network, opt, parameters, new GradScaler(false), accumulation: 2, autocastType: half, SilentObserver.Instance);
        epoch.Run(loader, 0, 2, CancellationToken.None); // warm-up: allocations, state
        var clock = Stopwatch.StartNew();
        epoch.Run(loader, 1, 2, CancellationToken.None);
        return train.Count / clock.Elapsed.TotalSeconds;
    }

    private static double BareThroughput(string model, int batches)
    {
        random.manual_seed(0);
        using var network = ModelRegistry.Create(model, 10);
        network.train();
        using var adam = optim.Adam(network.parameters(), lr: 1e-3, weight_decay: 1e-4);
        using var x = randn(BatchSize, 3, 32, 32);
        using var y = randint(0, 10, [BatchSize]);
        void Step()
        {
            using var _ = NewDisposeScope();
            adam.zero_grad();
            nn.functional.cross_entropy(network.call(x), y).backward();
            adam.step();
        }
        Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < batches; i++) Step();
        return batches * BatchSize / clock.Elapsed.TotalSeconds;
    }
}
