using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using VeloGrad.Runtime;
using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// What the C allocator (<see cref="NativeAllocator"/>) costs and saves: for each installed replacement library, glibc
/// with its mmap threshold held at 128 KiB (velograd's fallback) and glibc as it comes, in child processes (an
/// allocator is chosen once per process), alternating to share the machine's drift: Adam's and VeloGrad's median
/// steps on ResNet-18, and one epoch of DeepOBS's MLP with Adam on all 60,000 Fashion-MNIST images (its time and
/// peak resident memory: the workload whose heap grew to ≈ 11 GB under glibc 2.36).
/// </summary>
internal static class AllocatorBenchmark
{
    public const string StepChild = "allocator-steps-child", MemoryChild = "allocator-memory-child";

    private sealed record Configuration(string Name, Dictionary<string, string> Environment);

    public static int Run(int repeats, string? jsonPath)
    {
        var configurations = Configurations();
        var steps = configurations.ToDictionary(c => c.Name, _ => new List<double[]>());
        var crashes = new Dictionary<string, string>(); // a child that died: an allocator that cannot serve libtorch here
        for (int i = 0; i < repeats; i++)
            foreach (var c in configurations.Where(c => !crashes.ContainsKey(c.Name)))
                if (MeasureInChild(c, StepChild, crashes) is { } measured) steps[c.Name].Add(measured);
        bool data = FashionMnist.IsPresent(FashionMnist.DebianFolder);
        var memory = data ? configurations.Where(c => !crashes.ContainsKey(c.Name)).Select(c => (c.Name, Figures: MeasureInChild(c, MemoryChild, crashes)))
            .Where(m => m.Figures is not null).ToDictionary(m => m.Name, m => m.Figures!) : null;

        Console.WriteLine($"Allocators: median ResNet-18 step over {repeats} child processes each; one MLP epoch on all of Fashion-MNIST");
        Console.WriteLine($"  {"allocator",-34} {"Adam ms",8} {"VeloGrad ms",11} {"epoch s",8} {"peak MB",8}");
        var figures = new List<object>();
        foreach (var c in configurations)
        {
            if (crashes.TryGetValue(c.Name, out var crash) && steps[c.Name].Count == 0)
            {
                Console.WriteLine($"  {c.Name,-34} {crash}");
                figures.Add(new { allocator = c.Name, crashed = crash });
                continue;
            }
            double adam = StepTimer.MedianMilliseconds(steps[c.Name].Select(r => r[0]));
            double velograd = StepTimer.MedianMilliseconds(steps[c.Name].Select(r => r[1]));
            double[]? epoch = memory?.GetValueOrDefault(c.Name);
            if (epoch is null && crashes.TryGetValue(c.Name, out var epochCrash)) Console.WriteLine($"  {"",-34} the MLP epoch: {epochCrash}");
            Console.WriteLine($"  {c.Name,-34} {adam,8:F1} {velograd,11:F1} {(epoch is null ? "-" : epoch[0].ToString("F1", CultureInfo.InvariantCulture)),8} {(epoch is null ? "-" : epoch[1].ToString("F0", CultureInfo.InvariantCulture)),8}");
            figures.Add(new { allocator = c.Name, adamStepMs = adam, veloGradStepMs = velograd, mlpEpochSeconds = epoch?[0], mlpEpochPeakMb = epoch?[1], crashed = crashes.GetValueOrDefault(c.Name) });
        }
        if (!data) Console.WriteLine("The MLP epoch was not measured: Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist).");
        if (jsonPath is not null) BenchmarkReport.Write(jsonPath, "allocator", new { repeats, results = figures });
        return 0;
    }

    /// <summary>Every installed replacement by path, glibc held (the fallback) and glibc untouched.</summary>
    private static List<Configuration> Configurations()
    {
        var list = new List<Configuration>();
        foreach (var (name, path, _) in NativeAllocator.Installed().DistinctBy(r => r.Name))
            list.Add(new Configuration(name, new() { [NativeAllocator.ChoiceVariable] = path }));
        if (NativeAllocator.GlibcVersion() is { } glibc)
        {
            list.Add(new Configuration($"glibc {glibc}, threshold held 128 KiB", new()
            {
                [NativeAllocator.ChoiceVariable] = "system",
                ["MALLOC_MMAP_THRESHOLD_"] = NativeAllocator.HeldMmapThresholdBytes.ToString(CultureInfo.InvariantCulture),
            }));
            list.Add(new Configuration($"glibc {glibc}, as it comes", new() { [NativeAllocator.ChoiceVariable] = "system" }));
        }
        return list;
    }

    /// <summary>The child's side: prints the median Adam and VeloGrad steps on ResNet-18 in ms.</summary>
    public static int MeasureSteps()
    {
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

    /// <summary>The child's side: one MLP epoch; prints its seconds and the epoch's peak resident memory in MB, as the history records them.</summary>
    public static int MeasureEpochMemory()
    {
        var config = new TrainingConfig
        {
            Dataset = FashionMnist.Name, Model = ModelCatalog.MlpName, Optimizer = OptimizerSpec.Parse(OptimizerCatalog.AdamName),
            Epochs = 1, AccumulationSteps = 1, TestLimit = 1_000, Augmentation = new AugmentationOptions { CropPadding = 0, FlipProbability = 0, MaxRotationDegrees = 0 },
        };
        using var data = DatasetCatalog.Load(config.Dataset, 0, trainLimit: config.TrainLimit, testLimit: config.TestLimit);
        string folder = Directory.CreateTempSubdirectory("velograd-allocator-").FullName;
        try
        {
            var epoch = new Trainer(config).Run(data, folder).Epochs[0];
            Console.WriteLine($"{epoch.EpochTime.ToString("R", CultureInfo.InvariantCulture)} {(epoch.PeakResidentMb ?? double.NaN).ToString("R", CultureInfo.InvariantCulture)}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    /// <returns>The child's figures; null where it died, the reason then in <paramref name="crashes"/>.</returns>
    private static double[]? MeasureInChild(Configuration configuration, string mode, Dictionary<string, string> crashes)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (name, value) in configuration.Environment) start.Environment[name] = value;
        if (Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal)) start.ArgumentList.Add(typeof(AllocatorBenchmark).Assembly.Location);
        start.ArgumentList.Add(mode);
        using var child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            crashes[configuration.Name] = child.ExitCode > 128 ? $"crashed (signal {child.ExitCode - 128}) in {mode}" : $"failed (exit {child.ExitCode}) in {mode}";
            return null;
        }
        return output.Trim().Split('\n')[^1].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }
}
