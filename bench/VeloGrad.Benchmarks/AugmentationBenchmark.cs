using TorchSharp;
using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Loading;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Augmented images per second (batches of 128, CIFAR-shaped) against ResNet-18's training throughput
/// (forward, backward, Adam) measured in the same run: data must never be what training waits for.
/// </summary>
internal static class AugmentationBenchmark
{
    private const int BatchSize = 128;

    public static int Run(int batches, string? jsonPath)
    {
        using var data = SyntheticImages.Generate(seed: 0, trainSize: BatchSize * 8, testSize: 10);
        var loader = new BatchLoader(data.Train, new TrainingAugmentation(new AugmentationOptions()), BatchSize, seed: 1, prefetch: false);
        foreach (var warm in loader.Epoch(0).Take(2)) warm.Dispose();

        var samples = new List<double>();
        int epoch = 1;
        while (samples.Count < batches)
        {
            using var enumerator = loader.Epoch(epoch++).GetEnumerator();
            while (samples.Count < batches)
            {
                bool more = true;
                double ms = StepTimer.Milliseconds(() => more = enumerator.MoveNext());
                if (!more) break;
                enumerator.Current.Dispose();
                samples.Add(ms);
            }
        }
        double augmentPerSecond = BatchSize / (StepTimer.MedianMilliseconds(samples) / 1000);
        double trainPerSecond = TrainingThroughput();

        Console.WriteLine($"Augmented batches of {BatchSize} (crop, flip, rotation, normalisation; {get_num_threads()} threads), median of {samples.Count}:");
        Console.WriteLine($"  augmentation           {augmentPerSecond,10:N0} images/s");
        Console.WriteLine($"  ResNet-18 train step   {trainPerSecond,10:N0} images/s (forward, backward, Adam)");
        Console.WriteLine($"  augmentation / training = {augmentPerSecond / trainPerSecond:F1}");
        if (jsonPath is not null)
            BenchmarkReport.Write(jsonPath, "augmentation", new { batchSize = BatchSize, augmentImagesPerSecond = augmentPerSecond, trainImagesPerSecond = trainPerSecond, ratio = augmentPerSecond / trainPerSecond });
        return 0;
    }

    private static double TrainingThroughput()
    {
        using var model = torchvision.models.resnet18(num_classes: 10);
        using var adam = optim.Adam(model.parameters(), lr: 1e-3);
        using var x = randn(BatchSize, 3, 32, 32);
        using var y = randint(0, 10, [BatchSize]);
        var times = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            double ms = StepTimer.Milliseconds(() =>
            {
                using var _ = NewDisposeScope();
                adam.zero_grad();
                nn.functional.cross_entropy(model.forward(x), y).backward();
                adam.step();
            });
            if (i > 0) times.Add(ms);
        }
        return BatchSize / (StepTimer.MedianMilliseconds(times) / 1000);
    }
}
