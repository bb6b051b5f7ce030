using System.Text.Json;

namespace VeloGrad.Cli.Tests;

/// <summary>The CIFAR-10 workloads read CIFAR-10's binary files, train their models and are judged.</summary>
public sealed class CifarBenchmarkTests : WithTemporaryFolder
{
    [Fact]
    [Trait("Category", "Integration")]
    public void The_cifar10_workloads_train_their_models_on_cifar10_files_and_are_judged()
    {
        // CIFAR-10 cannot be downloaded here: a folder in its binary layout whose classes differ in brightness stands in.
        string data = VeloGrad.TestSupport.SyntheticCifar.Write(Path.Combine(Folder, "data"), perTrainFile: 120, test: 100);
        string output = Path.Combine(Folder, "cifar");
        string[] workloads = ["cifar10_3c3d", "cifar10-resnet18"];
        var (exitCode, text, error) = CliRun.Invoke(["benchmark", "--quick", "--workloads", .. workloads, "--data", data, "--optimizers", "adam", "--seeds", "1", "--out", output]);
        Assert.True(exitCode == 0, text + error);
        foreach (var workload in workloads)
        {
            Assert.Contains($"] {workload}: {VeloGrad.Runs.WorkloadCatalog.Find(workload).Description}", text, StringComparison.Ordinal);
            var history = VeloGrad.Runs.RunHistory.Load(Path.Combine(output, workload, "runs", "adam", "seed-0", VeloGrad.Runs.RunHistory.JsonFileName));
            Assert.Equal(VeloGrad.Runs.RunStatus.Completed, history.Status);
            Assert.Equal("cifar10", history.Config.Dataset);
            Assert.Equal(VeloGrad.Runs.WorkloadCatalog.Find(workload).Model, history.Config.Model);
            Assert.Equal(VeloGrad.Runs.WorkloadCatalog.Find(workload).Quick.Epochs, history.Epochs.Count);
            Assert.True(history.Epochs[^1].ValAcc > 10, $"{workload} learned nothing from classes that differ in brightness ({history.Epochs[^1].ValAcc} %)");
        }
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "benchmark.json")));
        var judged = json.RootElement.GetProperty("workloads").EnumerateArray().Select(w => w.GetProperty("workload").GetString()).ToList();
        Assert.All(workloads, w => Assert.Contains(w, judged));
    }
}
