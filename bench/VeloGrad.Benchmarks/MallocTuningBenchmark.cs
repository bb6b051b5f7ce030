using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using VeloGrad.Runtime;
using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// The effect of <see cref="NativeMemoryTuning"/>: Adam's and VeloGrad's median steps on ResNet-18, measured in child processes
/// with and without the tuning (mallopt cannot be undone in-process), alternating to share the machine's drift; and
/// its cost in memory: the peak resident size of one epoch of DeepOBS's MLP with Adam on all 60,000 Fashion-MNIST images,
/// the workload whose heap grew without bound with the tuning.
/// </summary>
internal static class MallocTuningBenchmark
{
    public static int Run(int repeats, string? jsonPath)
    {
        var tuned = new List<double[]>();
        var untuned = new List<double[]>();
        for (int i = 0; i < repeats; i++)
        {
            untuned.Add(MeasureInChild(tune: false));
            tuned.Add(MeasureInChild(tune: true));
        }
        Console.WriteLine($"Median step on ResNet-18 over {repeats} child processes each: glibc defaults vs tuned malloc");
        var figures = new List<object>();
        foreach (var (name, column) in new[] { ("Adam", 0), ("VeloGrad", 1) })
        {
            double u = StepTimer.MedianMilliseconds(untuned.Select(r => r[column]));
            double t = StepTimer.MedianMilliseconds(tuned.Select(r => r[column]));
            Console.WriteLine($"  {name,-9} {u,8:F2} ms -> {t,8:F2} ms   untuned / tuned = {u / t:F2}");
            figures.Add(new { optimizer = name, untunedMs = u, tunedMs = t, speedup = u / t });
        }
        object? memory = null;
        if (FashionMnist.IsPresent(FashionMnist.DebianFolder))
        {
            double untunedPeak = MeasureInChild(tune: false, "malloc-memory-child")[0], tunedPeak = MeasureInChild(tune: true, "malloc-memory-child")[0];
            // glibc's mmap threshold held at its initial 128 KiB (setting it stops glibc from raising it).
            double heldPeak = MeasureInChild(tune: false, "malloc-memory-child", ("MALLOC_MMAP_THRESHOLD_", "131072"))[0];
            Console.WriteLine($"Peak resident memory, one epoch of the MLP with Adam on all 60,000 Fashion-MNIST images: glibc defaults {untunedPeak:F0} MB, tuned {tunedPeak:F0} MB, mmap threshold held at 128 KiB {heldPeak:F0} MB");
            memory = new { untunedPeakMb = untunedPeak, tunedPeakMb = tunedPeak, heldThresholdPeakMb = heldPeak };
        }
        else Console.WriteLine("Peak memory not measured: Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist).");
        if (jsonPath is not null)
            BenchmarkReport.Write(jsonPath, "malloc-tuning", new { repeats, results = figures, memory });
        return 0;
    }

    /// <summary>The child's side of the memory measure: prints the peak resident size (VmHWM) in MB after one epoch.</summary>
    public static int MemoryChild(bool tune)
    {
        if (tune && NativeMemoryTuning.Apply() != NativeMemoryTuningOutcome.Applied) return 1;
        var config = new TrainingConfig
        {
            Dataset = FashionMnist.Name, Model = ModelCatalog.MlpName, Optimizer = OptimizerSpec.Parse(OptimizerCatalog.AdamName),
            Epochs = 1, AccumulationSteps = 1, TestLimit = 1_000, Augmentation = Workload.NoAugmentation,
        };
        using var data = DatasetCatalog.Load(config.Dataset, 0, trainLimit: config.TrainLimit, testLimit: config.TestLimit);
        string folder = Directory.CreateTempSubdirectory("velograd-malloc-").FullName;
        try
        {
            new Trainer(config).Run(data, folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        string peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine((long.Parse(peak.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0).ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>The child's side: prints the median Adam and VeloGrad steps in ms.</summary>
    public static int Child(bool tune)
    {
        if (tune && NativeMemoryTuning.Apply() != NativeMemoryTuningOutcome.Applied)
        {
            Console.Error.WriteLine("malloc tuning was not applied (not glibc, or MALLOC_*_THRESHOLD_ set).");
            return 1;
        }
        using var model = torchvision.models.resnet18(num_classes: 10);
        var parameters = model.parameters().ToList();
        using (no_grad())
            foreach (var p in parameters) p.grad = randn_like(p).mul_(1e-2);
        using var adam = optim.Adam(parameters, lr: 1e-3, weight_decay: 1e-4);
        using var velograd = new VeloGradOptimizer(parameters);
        var medians = new[] { (optim.Optimizer)adam, velograd }.Select(optimizer =>
        {
            for (int i = 0; i < 3; i++) optimizer.step();
            return StepTimer.MedianMilliseconds(Enumerable.Range(0, 20).Select(_ => StepTimer.Milliseconds(() => optimizer.step())).ToList());
        });
        Console.WriteLine(string.Join(' ', medians.Select(m => m.ToString("R", CultureInfo.InvariantCulture))));
        return 0;
    }

    private static double[] MeasureInChild(bool tune, string mode = "malloc-child", (string Name, string Value)? environment = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (environment is var (name, value)) start.Environment[name] = value;
        if (Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal)) start.ArgumentList.Add(typeof(MallocTuningBenchmark).Assembly.Location);
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(tune ? "tuned" : "untuned");
        using var child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"The malloc benchmark's child failed (exit {child.ExitCode}).");
        return output.Trim().Split('\n')[^1].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }
}
