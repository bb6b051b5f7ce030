using System.Diagnostics;
using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.MixedPrecision;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Models;
using VeloGrad.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Training images per second of the whole loop (data, augmentation, forward, backward, accumulation, step,
/// metrics) with each optimizer, against the bare forward + backward + Adam step of the same model on one
/// fixed batch, measured in the same run; on the CPU or a CUDA device (there in float32 and in float16 and bfloat16
/// mixed precision, float16 with loss scaling, as <c>velograd train</c> runs them).
/// </summary>
internal static class TrainingLoopBenchmark
{
    private const int BatchSize = 128;

    public static int Run(string model, int batches, string? jsonPath, Device? device = null)
    {
        device ??= CPU;
        bool onCuda = device.type == DeviceType.CUDA;
        using var data = SyntheticImages.Generate(seed: 0, trainSize: BatchSize * batches, testSize: 10);
        // The machine's speed drifts: each loop is measured right after a bare baseline, and compared with it.
        var bares = new List<double>();
        var results = new List<(string Optimizer, double ImagesPerSecond, double Ratio)>();
        (string, ScalarType?, bool ChannelsLast)[] runs = onCuda
            ? [("velograd", null, false), ("adam", null, false), ("sgd", null, false), ("velograd", ScalarType.Float16, false), ("adam", ScalarType.Float16, false),
               ("sgd", ScalarType.Float16, false), ("velograd", ScalarType.BFloat16, false), ("adam", ScalarType.BFloat16, false),
               ("velograd", ScalarType.Float16, true), ("adam", ScalarType.Float16, true), ("adam", ScalarType.BFloat16, true), ("adam", null, true)]
            : [("velograd", null, false), ("adam", null, false), ("sgd", null, false), ("velograd", ScalarType.BFloat16, false), ("velograd", null, true), ("adam", null, true)];
        foreach (var (name, half, channelsLast) in runs)
        {
            double baseline = BareThroughput(model, batches, device);
            double loop = LoopThroughput(model, name, data.Train, half, device, channelsLast);
            bares.Add(baseline);
            results.Add((OptimizerSpec.Parse(name).DisplayName + (half is null ? "" : $" {half.Value.ToString().ToLowerInvariant()} mixed") + (channelsLast ? " channels-last" : ""), loop, loop / baseline));
        }
        double bare = StepTimer.MedianMilliseconds(bares);

        double? pytorch = model == ModelCatalog.ResNet18Name && !onCuda
            ? PyTorchReference.Run("bare-train", "--batches", batches.ToString(System.Globalization.CultureInfo.InvariantCulture))?.GetProperty("images_per_second").GetDouble()
            : null;

        Console.WriteLine($"Training loop on {model}, batches of {BatchSize}, on {(onCuda ? "CUDA" : $"the CPU, {get_num_threads()} threads")} ({batches} batches an epoch; the loop steps every 2 batches, as the reference):");
        Console.WriteLine($"  {"bare forward+backward+Adam (median)",-34} {bare,8:F0} images/s   1.00");
        if (pytorch is double p) Console.WriteLine($"  {"PyTorch bare forward+backward+Adam",-34} {p,8:F0} images/s   {p / bare:F2}");
        else if (onCuda || model != ModelCatalog.ResNet18Name) Console.WriteLine("  (PyTorch baseline: measured for ResNet-18 on the CPU only)");
        else Console.WriteLine("  (PyTorch baseline skipped: /usr/bin/python3 has no torch; apt-get install python3-torch)");
        foreach (var (name, perSecond, ratio) in results)
            Console.WriteLine($"  {"loop with " + name,-34} {perSecond,8:F0} images/s   {ratio:F2} (vs the bare run just before it)");
        // The goals are stated as these ratios (issue #17): a VeloGrad epoch against an Adam epoch, float16 against float32.
        double? Rate(string name) => results.Where(r => r.Optimizer == name).Select(r => (double?)r.ImagesPerSecond).FirstOrDefault();
        foreach (var suffix in new[] { "", " float16 mixed", " bfloat16 mixed" })
            if (Rate("VeloGrad" + suffix) is double v && Rate("Adam" + suffix) is double a)
                Console.WriteLine($"  VeloGrad epoch / Adam epoch{suffix}: {a / v:F2}");
        foreach (var optimizer in new[] { "VeloGrad", "Adam" })
            if (Rate(optimizer + " float16 mixed") is double half && Rate(optimizer) is double full)
                Console.WriteLine($"  {optimizer}: float16 mixed epoch / float32 epoch: {full / half:F2}");
        if (jsonPath is not null)
            BenchmarkReport.Write(jsonPath, "training-loop", new { model, device = device.ToString(), batchSize = BatchSize, bareImagesPerSecond = bare, pytorchBareImagesPerSecond = pytorch, loops = results.Select(r => new { optimizer = r.Optimizer, imagesPerSecond = r.ImagesPerSecond, ratio = r.Ratio }) });
        return 0;
    }

    private static double LoopThroughput(string model, string optimizer, ImageDataset train, ScalarType? half, Device device, bool channelsLast)
    {
        random.manual_seed(0);
        using var network = ModelRegistry.Create(model, 10);
        network.to(device);
        var parameters = network.parameters().ToList();
        using var opt = OptimizerRecipes.Of(OptimizerSpec.Parse(optimizer)).Create(parameters);
        var loader = new BatchLoader(train, new TrainingAugmentation(new AugmentationOptions()), BatchSize, seed: 1, device: device, channelsLast: channelsLast);
        using var scaler = new GradScaler(half == ScalarType.Float16);
        var epoch = new TrainingEpoch(network, opt, parameters, scaler, accumulation: 2, autocastType: half, SilentObserver.Instance);
        epoch.Run(loader, 0, 2, CancellationToken.None); // warm-up: allocations, state
        var clock = Stopwatch.StartNew();
        epoch.Run(loader, 1, 2, CancellationToken.None);
        return train.Count / clock.Elapsed.TotalSeconds;
    }

    private static double BareThroughput(string model, int batches, Device device)
    {
        random.manual_seed(0);
        using var network = ModelRegistry.Create(model, 10);
        network.to(device);
        network.train();
        using var adam = OptimizerRecipes.Of(OptimizerSpec.Parse("adam")).Create(network.parameters());
        using var x = randn(BatchSize, 3, 32, 32).to(device);
        using var y = randint(0, 10, [BatchSize]).to(device);
        void Step()
        {
            using var _ = NewDisposeScope();
            adam.zero_grad();
            nn.functional.cross_entropy(network.call(x), y).backward();
            adam.step();
        }
        Step();
        if (device.type == DeviceType.CUDA) cuda.synchronize();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < batches; i++) Step();
        if (device.type == DeviceType.CUDA) cuda.synchronize();
        return batches * BatchSize / clock.Elapsed.TotalSeconds;
    }
}
