using System.Globalization;
using System.Text.Json;
using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;

namespace VeloGrad.Benchmarks;

/// <summary>
/// The parity epoch (ResNet-18 + VeloGrad, one epoch on 12,800 Fashion-MNIST images, 2,000 test images, seed 0)
/// trained by <see cref="Trainer"/> as <c>velograd train</c> trains it, in each CPU configuration, against the
/// reference notebook's own PyTorch pipeline (bench/pytorch/reference_pipeline.py), back to back in rounds; each
/// ratio is against the reference epoch of the same round, as the machine's speed drifts. An epoch's time is
/// training plus evaluation, as the reference's <c>epoch_time</c>; the peak resident memory and the test accuracy
/// come with it.
/// </summary>
internal static class ParityEpochBenchmark
{
    private const int TrainLimit = 12_800, TestLimit = 2_000;

    private sealed record Variant(string Name, Precision Precision, bool? ChannelsLast);

    public static int Run(int rounds, int trainLimit, string? jsonPath)
    {
        if (!FashionMnist.IsPresent(FashionMnist.DebianFolder))
        {
            Console.Error.WriteLine("The parity epoch needs Fashion-MNIST: apt-get install dataset-fashion-mnist.");
            return 2;
        }
        using var data = DatasetCatalog.Load(FashionMnist.Name, seed: 0, trainLimit: trainLimit, testLimit: TestLimit * trainLimit / TrainLimit);
        var variants = new List<Variant>
        {
            new("velograd train (defaults)", Precision.Auto, null),
            new("float32 NCHW", Precision.Float32, false),
            new("float32 channels-last", Precision.Float32, true),
        };
        if (CpuFeatures.HasNativeBFloat16)
        {
            variants.Add(new("bfloat16 mixed NCHW", Precision.BFloat16, false));
            variants.Add(new("bfloat16 mixed channels-last", Precision.BFloat16, true));
        }
        var seconds = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var ratios = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var accuracy = new Dictionary<string, double>();
        var peak = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var reference = new List<(double Seconds, double Accuracy)>();
        for (int round = 0; round < rounds; round++)
        {
            var pipeline = PyTorchReference.RunScript("reference_pipeline.py", "--train-limit", Invariant(data.Train.Count), "--test-limit", Invariant(data.Test.Count));
            double? referenceSeconds = null;
            if (pipeline is JsonElement p)
            {
                var epoch = p.GetProperty("epochs")[0];
                referenceSeconds = epoch.GetProperty("train_seconds").GetDouble() + epoch.GetProperty("evaluation_seconds").GetDouble();
                reference.Add((referenceSeconds.Value, epoch.GetProperty("test_accuracy").GetDouble()));
            }
            foreach (var v in variants)
            {
                var config = new TrainingConfig
                {
                    Dataset = FashionMnist.Name, TrainLimit = (int)data.Train.Count, TestLimit = (int)data.Test.Count, Model = "resnet18", Epochs = 1, Seed = 0,
                    Precision = v.Precision, ChannelsLast = v.ChannelsLast ?? MemoryOrderDefaults.ChannelsLast("resnet18", DeviceChoice.Cpu), // as velograd train resolves it
                };
                string folder = Directory.CreateTempSubdirectory("velograd-parity-").FullName;
                try
                {
                    var history = new Trainer(config).Run(data, folder);
                    var metrics = history.Epochs[^1];
                    seconds[v.Name].Add(metrics.EpochTime);
                    if (referenceSeconds is double r) ratios[v.Name].Add(r / metrics.EpochTime);
                    accuracy[v.Name] = metrics.ValAcc;
                    if (metrics.PeakResidentMb is double mb) peak[v.Name].Add(mb);
                }
                finally { Directory.Delete(folder, recursive: true); }
            }
            Console.Error.WriteLine($"(round {round + 1} of {rounds} done)");
        }

        Console.WriteLine($"The parity epoch (resnet18 + VeloGrad, {data.Train.Count:N0} Fashion-MNIST images, {data.Test.Count:N0} test images, seed 0, {TorchSharp.torch.get_num_threads()} threads), {rounds} rounds; speed = reference epoch / ours in the same round (median), epoch = training + evaluation:");
        if (reference.Count > 0)
            Console.WriteLine($"  {"reference pipeline (PyTorch)",-30} {StepTimer.MedianMilliseconds(reference.Select(r => r.Seconds)),7:F1} s   1.00   accuracy {reference[0].Accuracy:F2} %");
        else Console.WriteLine("  (reference pipeline skipped: it needs /usr/bin/python3 with torch and torchvision: apt-get install python3-torch python3-torchvision)");
        foreach (var v in variants)
        {
            string ratio = ratios[v.Name].Count > 0 ? StepTimer.MedianMilliseconds(ratios[v.Name]).ToString("F2", CultureInfo.InvariantCulture) : "  -";
            string memory = peak[v.Name].Count > 0 ? $"   peak {peak[v.Name].Max():F0} MB" : "";
            Console.WriteLine($"  {v.Name,-30} {StepTimer.MedianMilliseconds(seconds[v.Name]),7:F1} s   {ratio}   accuracy {accuracy[v.Name]:F2} %{memory}   (rounds: {string.Join(" ", seconds[v.Name].Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))} s)");
        }
        if (jsonPath is not null)
            BenchmarkReport.Write(jsonPath, "parity-epoch", new
            {
                trainSamples = data.Train.Count, testSamples = data.Test.Count, rounds,
                reference = reference.Select(r => new { seconds = r.Seconds, accuracy = r.Accuracy }),
                variants = variants.Select(v => new { name = v.Name, seconds = seconds[v.Name], speedVsReference = ratios[v.Name], accuracy = accuracy[v.Name], peakResidentMb = peak[v.Name] }),
            });
        return 0;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
