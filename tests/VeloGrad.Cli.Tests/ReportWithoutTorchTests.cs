using System.Diagnostics;

namespace VeloGrad.Cli.Tests;

/// <summary><c>velograd report</c> reads histories and draws without TorchSharp: it runs from a copy of the
/// program with TorchSharp (and libtorch) taken away.</summary>
public sealed class ReportWithoutTorchTests : WithTemporaryFolder
{
    [Fact]
    public void Report_runs_with_TorchSharp_removed()
    {
        string app = Path.Combine(Folder, "app");
        Directory.CreateDirectory(app);
        string built = Path.GetDirectoryName(typeof(VelogradCommandLine).Assembly.Location)!;
        // No deps.json: the host then takes the assemblies it finds beside the program, and TorchSharp is not among them.
        foreach (var file in Directory.GetFiles(built, "*.dll").Where(f => !Path.GetFileName(f).StartsWith("TorchSharp", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        File.Copy(Path.Combine(built, "VeloGrad.Cli.runtimeconfig.json"), Path.Combine(app, "VeloGrad.Cli.runtimeconfig.json"));
        string natives = Path.Combine(built, "runtimes", OperatingSystem.IsLinux() ? "linux-x64" : OperatingSystem.IsWindows() ? "win-x64" : "osx", "native");
        foreach (var file in Directory.GetFiles(natives).Where(f => Path.GetFileName(f).Contains("SkiaSharp", StringComparison.Ordinal) || Path.GetFileName(f).Contains("HarfBuzz", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        Assert.False(File.Exists(Path.Combine(app, "TorchSharp.dll")));

        string results = Path.Combine(Folder, "results");
        foreach (var (optimizer, accuracy) in new[] { ("velograd", 71.0), ("adam", 68.0) })
        {
            var spec = OptimizerSpec.Parse(optimizer);
            new RunHistory
            {
                Config = new TrainingConfig { Optimizer = spec, Epochs = 2 },
                Environment = new RunEnvironment("m", "os", "x64", 2, 2, ".NET", "0.107", "0.1", "cpu", "float32"),
                Status = RunStatus.Completed,
                Epochs = [new EpochMetrics { Epoch = 1, TrainLoss = 1, ValAcc = accuracy - 5, ConfusionMatrix = [[1]] },
                          new EpochMetrics { Epoch = 2, TrainLoss = 0.5, ValAcc = accuracy, ConfusionMatrix = [[1]] }],
            }.Save(Directory.CreateDirectory(RunLayout.RunFolder(results, spec, 0)).FullName);
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(app, "VeloGrad.Cli.dll"), "report", results }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"report failed without TorchSharp:\n{output}\n{error}");
        Assert.Contains("VeloGrad", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(results, "comparison.png")));
        Assert.True(File.Exists(Path.Combine(results, "analysis.json")));
    }
}
