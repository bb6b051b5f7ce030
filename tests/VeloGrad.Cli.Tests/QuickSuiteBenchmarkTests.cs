using System.Text.Json;
using VeloGrad.Training.Data;

namespace VeloGrad.Cli.Tests;

/// <summary>velograd benchmark runs the Fashion-MNIST workloads at their quick budgets, each a comparison of its own,
/// reaches each quick target, judges across them, and report rebuilds the judgement byte for byte; a resume retrains
/// nothing.</summary>
public sealed class QuickSuiteBenchmarkTests : WithTemporaryFolder
{
    [Fact]
    [Trait("Category", "Integration")]
    public void The_quick_Fashion_MNIST_suite_reaches_each_target_and_report_rebuilds_it()
    {
        CliRun.RequireFashionMnist();
        string[] fashionWorkloads = ["fmnist_mlp", "fmnist_2c2d", "fmnist-resnet18"];
        string output = Path.Combine(Folder, "bench");
        var (exitCode, text, error) = CliRun.Invoke(["benchmark", "--quick", "--workloads", .. fashionWorkloads, "--optimizers", "velograd", "adam", "--seeds", "1", "--out", output]);
        Assert.True(exitCode == 0, text + error);
        Assert.Contains("BENCHMARK ACROSS WORKLOADS", text, StringComparison.Ordinal);
        foreach (var workload in fashionWorkloads)
            Assert.True(File.Exists(Path.Combine(output, workload, "comparison.csv")), workload);

        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "benchmark.json"))))
        {
            var workloads = json.RootElement.GetProperty("workloads").EnumerateArray().ToList();
            Assert.Equal(fashionWorkloads, workloads.Select(w => w.GetProperty("workload").GetString()));
            // Each quick target is one a short run reaches: every optimizer reaches it here.
            foreach (var w in workloads)
                Assert.All(w.GetProperty("optimizers").EnumerateArray(), r => Assert.True(r.GetProperty("reached").GetInt32() == 1,
                    $"{w.GetProperty("workload").GetString()}: {r.GetProperty("optimizer").GetString()} did not reach {w.GetProperty("target").GetDouble()} %"));
            Assert.Equal(2, json.RootElement.GetProperty("by_epochs").GetProperty("scores").GetArrayLength());
        }

        var files = new[] { "benchmark.md", "benchmark.json", "fmnist_mlp/analysis.md", "fmnist_2c2d/comparison.csv" };
        BenchmarkReports.AssertRebuild(output, files);

        // A benchmark's targets are its workloads': a --target would be ignored, and it is rebuilt alone, not merged.
        var before = files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(output, f)));
        var (withTarget, _, targetError) = CliRun.Invoke("report", output, "--target", "NaN");
        Assert.Equal(1, withTarget);
        Assert.Contains("--target: ", targetError, StringComparison.Ordinal);
        Assert.Contains("each of its workloads has its own target", targetError, StringComparison.Ordinal);
        var (merged, _, mergeError) = CliRun.Invoke("report", output, Path.Combine(output, "fmnist_mlp"), "--out", Path.Combine(Folder, "merged"));
        Assert.Equal(1, merged);
        Assert.Contains("is a benchmark, whose report is rebuilt on its own", mergeError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Folder, "merged")));
        foreach (var (f, content) in before) Assert.True(content.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(output, f))), $"{f} changed");

        // Resuming retrains nothing; other optimizers cannot resume the folder.
        var (resumed, again, _) = CliRun.Invoke(["benchmark", "--quick", "--workloads", .. fashionWorkloads, "--optimizers", "velograd", "adam", "--seeds", "1", "--out", output, "--resume"]);
        Assert.Equal(0, resumed);
        Assert.DoesNotContain("epoch 1/", again, StringComparison.Ordinal);
        var (refused, _, refusal) = CliRun.Invoke(["benchmark", "--quick", "--workloads", .. fashionWorkloads, "--optimizers", "velograd", "sgd", "--seeds", "1", "--out", output, "--resume"]);
        Assert.Equal(1, refused);
        Assert.Contains("was benchmarked with other options (optimizers velograd adam → velograd sgd)", refusal, StringComparison.Ordinal);
    }
}
