using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using VeloGrad.Runtime;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// The effect of <see cref="NativeMemoryTuning"/>: Adam's and VeloGrad's median steps on ResNet-18, measured in child processes
/// with and without the tuning (mallopt cannot be undone in-process), alternating to share the machine's drift.
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
        if (jsonPath is not null)
            BenchmarkReport.Write(jsonPath, "malloc-tuning", new { repeats, results = figures });
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

    private static double[] MeasureInChild(bool tune)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal)) start.ArgumentList.Add(typeof(MallocTuningBenchmark).Assembly.Location);
        start.ArgumentList.Add("malloc-child");
        start.ArgumentList.Add(tune ? "tuned" : "untuned");
        using var child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"The malloc benchmark's child failed (exit {child.ExitCode}).");
        return output.Trim().Split('\n')[^1].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }
}
