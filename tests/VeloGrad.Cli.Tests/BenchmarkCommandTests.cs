using System.Text.Json;
using VeloGrad.Training.Data;

namespace VeloGrad.Cli.Tests;

/// <summary>velograd benchmark runs the Fashion-MNIST workloads at their quick budgets, each a comparison of its own,
/// reaches each quick target, judges across them, and report rebuilds the judgement byte for byte.</summary>
public sealed class BenchmarkCommandTests : WithTemporaryFolder
{
    private static readonly string[] FashionWorkloads = ["fmnist-mlp", "fmnist-2c2d", "fmnist-resnet18"];

    [Fact]
    [Trait("Category", "Integration")]
    public void The_quick_Fashion_MNIST_suite_reaches_each_target_and_report_rebuilds_it()
    {
        Assert.SkipUnless(FashionMnist.IsPresent(FashionMnist.DebianFolder), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist; .ci/run does).");
        string output = Path.Combine(Folder, "bench");
        var (exitCode, text, error) = CliRun.Invoke(["benchmark", "--quick", "--workloads", .. FashionWorkloads, "--optimizers", "velograd", "adam", "--seeds", "1", "--out", output]);
        Assert.True(exitCode == 0, text + error);
        Assert.Contains("BENCHMARK ACROSS WORKLOADS", text, StringComparison.Ordinal);
        foreach (var workload in FashionWorkloads)
            Assert.True(File.Exists(Path.Combine(output, workload, "comparison.csv")), workload);

        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "benchmark.json"))))
        {
            var workloads = json.RootElement.GetProperty("workloads").EnumerateArray().ToList();
            Assert.Equal(FashionWorkloads, workloads.Select(w => w.GetProperty("workload").GetString()));
            // Each quick target is one a short run reaches: every optimizer reaches it here.
            foreach (var w in workloads)
                Assert.All(w.GetProperty("optimizers").EnumerateArray(), r => Assert.True(r.GetProperty("reached").GetInt32() == 1,
                    $"{w.GetProperty("workload").GetString()}: {r.GetProperty("optimizer").GetString()} did not reach {w.GetProperty("target_accuracy").GetDouble()} %"));
            Assert.Equal(2, json.RootElement.GetProperty("by_epochs").GetProperty("scores").GetArrayLength());
        }

        var files = new[] { "benchmark.md", "benchmark.json", "fmnist-mlp/analysis.md", "fmnist-2c2d/comparison.csv" };
        var before = files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(output, f)));
        foreach (var f in files) File.Delete(Path.Combine(output, f));
        var (reported, reportText, reportError) = CliRun.Invoke("report", output);
        Assert.True(reported == 0, reportText + reportError);
        foreach (var (f, content) in before) Assert.Equal(content, File.ReadAllText(Path.Combine(output, f)));

        // Resuming retrains nothing; other optimizers cannot resume the folder.
        var (resumed, again, _) = CliRun.Invoke(["benchmark", "--quick", "--workloads", .. FashionWorkloads, "--optimizers", "velograd", "adam", "--seeds", "1", "--out", output, "--resume"]);
        Assert.Equal(0, resumed);
        Assert.DoesNotContain("epoch 1/", again, StringComparison.Ordinal);
        var (refused, _, refusal) = CliRun.Invoke(["benchmark", "--quick", "--workloads", .. FashionWorkloads, "--optimizers", "velograd", "sgd", "--seeds", "1", "--out", output, "--resume"]);
        Assert.Equal(1, refused);
        Assert.Contains("was benchmarked with other options (optimizers velograd adam → velograd sgd)", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_workload_is_named_with_the_known_ones_and_nothing_is_written()
    {
        string output = Path.Combine(Folder, "none");
        var (exitCode, _, error) = CliRun.Invoke("benchmark", "--quick", "--workloads", "mnist-mlp", "--out", output);
        Assert.Equal(1, exitCode);
        Assert.Contains("error: --workloads: Unknown workload 'mnist-mlp': use one of fmnist-mlp, fmnist-2c2d, fmnist-resnet18, cifar10-resnet18, cifar10-3c3d.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_workload_whose_data_is_missing_is_named_before_anything_is_written()
    {
        string empty = Directory.CreateDirectory(Path.Combine(Folder, "no-data")).FullName, output = Path.Combine(Folder, "cifar");
        var (exitCode, _, error) = CliRun.Invoke("benchmark", "--quick", "--workloads", "cifar10-3c3d", "--data", empty, "--out", output);
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: Workload cifar10-3c3d needs CIFAR-10, which is not in '{empty}': fetch it with velograd data inspect --dataset cifar10 --download", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "a benchmark that cannot run wrote its folder");
    }
}
