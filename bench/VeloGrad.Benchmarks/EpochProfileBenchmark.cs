using System.Diagnostics;
using TorchSharp;
using VeloGrad.MixedPrecision;
using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Models;
using VeloGrad.Training.Optimizers;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Where a training epoch's time goes, phase by phase (waiting for the next batch, forward, backward, optimizer
/// step, the per-batch bookkeeping), on ResNet-18 with VeloGrad as the parity run trains it, in float32 NCHW,
/// channels-last and bfloat16 where the CPU has it. On the CPU every operation is done when it returns, so a clock
/// around each phase measures it.
/// </summary>
internal static class EpochProfileBenchmark
{
    private const int BatchSize = 128, Accumulation = 2;

    public static int Run(int batches, string? jsonPath)
    {
        using var data = SyntheticImages.Generate(seed: 0, trainSize: BatchSize * batches, testSize: 10);
        var variants = new List<(string Name, ScalarType? Half, bool ChannelsLast)> { ("float32", null, false), ("float32 channels-last", null, true) };
        if (Training.Engine.CpuFeatures.HasNativeBFloat16)
        {
            variants.Add(("bfloat16 mixed", ScalarType.BFloat16, false));
            variants.Add(("bfloat16 mixed channels-last", ScalarType.BFloat16, true));
        }
        Console.WriteLine($"Where an epoch of {batches} batches of {BatchSize} goes (resnet18, VeloGrad, accumulation {Accumulation}, {get_num_threads()} threads), ms per batch:");
        Console.WriteLine($"  {"variant",-30} {"wait",7} {"forward",8} {"backward",9} {"step",7} {"other",7} {"total",7} {"images/s",9}");
        var rows = new List<object>();
        foreach (var (name, half, channelsLast) in variants)
        {
            var p = Profile(data.Train, half, channelsLast);
            double total = p.Wait + p.Forward + p.Backward + p.Step + p.Other;
            Console.WriteLine($"  {name,-30} {p.Wait,7:F1} {p.Forward,8:F1} {p.Backward,9:F1} {p.Step,7:F1} {p.Other,7:F1} {total,7:F1} {BatchSize * 1000 / total,9:F0}");
            rows.Add(new { variant = name, waitMs = p.Wait, forwardMs = p.Forward, backwardMs = p.Backward, stepMs = p.Step, otherMs = p.Other, imagesPerSecond = BatchSize * 1000 / total });
        }
        Console.WriteLine("  (step: the optimizer's per window, spread over its batches; other: loss bookkeeping, zero_grad)");
        if (jsonPath is not null) BenchmarkReport.Write(jsonPath, "epoch-profile", new { batchSize = BatchSize, batches, variants = rows });
        return 0;
    }

    private sealed record Phases(double Wait, double Forward, double Backward, double Step, double Other);

    private static Phases Profile(ImageDataset train, ScalarType? half, bool channelsLast)
    {
        random.manual_seed(0);
        using var network = ModelRegistry.Create(ModelCatalog.ResNet18Name, 10);
        var parameters = network.parameters().ToList();
        using var optimizer = OptimizerRecipes.Of(OptimizerSpec.Parse("velograd")).Create(parameters);
        var loader = new BatchLoader(train, new TrainingAugmentation(new AugmentationOptions()), BatchSize, seed: 1, channelsLast: channelsLast);
        using var scaler = new GradScaler(false);
        double wait = 0, forward = 0, backward = 0, step = 0, other = 0;
        int measured = 0;
        network.train();
        for (int epoch = 0; epoch < 2; epoch++) // the first is the warm-up
        {
            if (epoch == 1) wait = forward = backward = step = other = 0;
            long t = Stopwatch.GetTimestamp();
            double Lap()
            {
                long now = Stopwatch.GetTimestamp();
                double ms = Stopwatch.GetElapsedTime(t, now).TotalMilliseconds;
                t = now;
                return ms;
            }
            using var windowLoss = zeros(1, dtype: ScalarType.Float64);
            measured = 0;
            foreach (var batch in loader.Epoch(epoch))
            {
                using (batch)
                {
                    wait += Lap();
                    using var scope = NewDisposeScope();
                    Tensor output;
                    using (half is ScalarType h ? Autocast.Enable(DeviceType.CPU, h) : null) output = network.call(batch.Images);
                    var loss = nn.functional.cross_entropy(output.to(ScalarType.Float32), batch.Labels);
                    forward += Lap();
                    (loss / Accumulation).backward();
                    backward += Lap();
                    using (no_grad()) windowLoss.add_(loss.detach().to(ScalarType.Float64));
                    other += Lap();
                    if (batch.Index % Accumulation == Accumulation - 1)
                    {
                        if (optimizer is VeloGradOptimizer v) using (var mean = windowLoss / Accumulation) v.SetLoss(mean);
                        windowLoss.zero_();
                        scaler.Step(optimizer, parameters);
                        step += Lap();
                        optimizer.zero_grad();
                        other += Lap();
                    }
                    measured++;
                }
                t = Stopwatch.GetTimestamp();
            }
        }
        return new Phases(wait / measured, forward / measured, backward / measured, step / measured, other / measured);
    }
}
