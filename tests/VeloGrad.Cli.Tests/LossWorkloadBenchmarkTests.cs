using System.Text.Json;
using VeloGrad.Training.Data;

namespace VeloGrad.Cli.Tests;

/// <summary>The workloads judged by their loss (DeepOBS's quadratic and VAE): lowest first, tuned to the lowest loss, reaching a loss target.</summary>
public sealed class LossWorkloadBenchmarkTests : WithTemporaryFolder
{
    [Fact]
    [Trait("Category", "Integration")]
    public void The_quadratic_is_judged_by_its_loss_lowest_first_and_its_tuning_chooses_the_lowest_loss()
    {
        string output = Path.Combine(Folder, "quadratic");
        // Seven rates up to 8× the default: SGD's highest diverges (0.08 × the largest eigenvalue, 60, is past momentum
        // 0.9's limit of 3.8); a diverged trial ends it, its point cannot be chosen, and the final runs go on.
        var (exitCode, text, error) = CliRun.Invoke(["benchmark", "--quick", "--tune", "--workloads", "quadratic_deep", "--optimizers", "velograd", "adam", "sgd",
            "--seeds", "2", "--out", output]);
        Assert.True(exitCode == 0, text + error); // a trial's divergence is the tuning's to rule on, not a failure
        Assert.Contains("SGD (lr=0.08) seed 0 diverged", error, StringComparison.Ordinal);
        Assert.Contains("Final comparison at the chosen settings", text, StringComparison.Ordinal);
        Assert.Contains("target loss ≤ 100", text, StringComparison.Ordinal);
        string workload = Path.Combine(output, "quadratic_deep");

        // Tuning keeps, per optimizer, the grid point with the lowest mean validation loss.
        using (var tuning = JsonDocument.Parse(File.ReadAllText(Path.Combine(workload, "tuning.json"))))
        {
            Assert.Equal("loss", tuning.RootElement.GetProperty("metric").GetString());
            foreach (var o in tuning.RootElement.GetProperty("optimizers").EnumerateArray())
            {
                var trials = o.GetProperty("trials").EnumerateArray().Where(t => t.GetProperty("diverged").GetInt32() == 0).ToList();
                double lowest = trials.Min(t => t.GetProperty("mean").GetDouble());
                var chosen = trials.Single(t => t.GetProperty("is_chosen").GetBoolean());
                Assert.Equal(lowest, chosen.GetProperty("mean").GetDouble());
            }
        }
        Assert.Contains("validation loss", File.ReadAllText(Path.Combine(workload, "tuning.md")), StringComparison.Ordinal);

        // Across workloads: the lowest final loss is never the one that loses, and every loser's loss is higher.
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "benchmark.json"))))
        {
            var result = json.RootElement.GetProperty("workloads")[0];
            Assert.Equal("loss", result.GetProperty("metric").GetString());
            Assert.Equal(100, result.GetProperty("target").GetDouble());
            var optimizers = result.GetProperty("optimizers").EnumerateArray().ToList();
            double best = optimizers.Min(r => r.GetProperty("final").GetProperty("mean").GetDouble());
            foreach (var r in optimizers.Where(r => r.GetProperty("standing").GetString() == "loses"))
                Assert.True(r.GetProperty("final").GetProperty("mean").GetDouble() > best);
            Assert.NotEqual("loses", optimizers.Single(r => r.GetProperty("final").GetProperty("mean").GetDouble() == best).GetProperty("standing").GetString());
            // The quick target is one a short run gets under: tuned SGD does on both seeds.
            var sgd = optimizers.Single(r => r.GetProperty("optimizer").GetString() == "SGD");
            Assert.Equal(2, sgd.GetProperty("reached").GetInt32());
            Assert.True(sgd.GetProperty("final").GetProperty("mean").GetDouble() <= 100);
        }
        string table = File.ReadAllText(Path.Combine(workload, "final", "comparison.csv"));
        Assert.StartsWith("optimizer,seeds,final_loss_mean,final_loss_std,val_loss_mean,", table, StringComparison.Ordinal);
        Assert.Contains("## Evaluation loss reduction", File.ReadAllText(Path.Combine(workload, "final", "analysis.md")), StringComparison.Ordinal);

        Assert.Contains("(benchmark.md, benchmark.json, benchmark.png, deepobs.png).", text, StringComparison.Ordinal); // every file it wrote
        BenchmarkReports.AssertRebuild(output, ["benchmark.md", "benchmark.json", "benchmark.png", "deepobs.png", "quadratic_deep/tuning.md", "quadratic_deep/final/analysis.md",
            "quadratic_deep/final/comparison.csv", "quadratic_deep/final/differences.png"]);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void The_quick_vae_workload_trains_deepobs_vae_and_adam_gets_under_its_target_loss()
    {
        CliRun.RequireFashionMnist();
        string output = Path.Combine(Folder, "vae");
        var (exitCode, text, error) = CliRun.Invoke(["benchmark", "--quick", "--workloads", "fmnist_vae", "--optimizers", "adam", "--seeds", "1", "--out", output]);
        Assert.True(exitCode == 0, text + error);
        Assert.Contains("| val loss ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("val acc", text, StringComparison.Ordinal);

        var history = RunHistory.Load(Directory.GetFiles(Path.Combine(output, "fmnist_vae"), RunHistory.JsonFileName, SearchOption.AllDirectories).Single());
        Assert.Equal(ModelCatalog.VaeName, history.Config.Model);
        Assert.Equal(64, history.Config.BatchSize);
        Assert.Equal((0, 0.0, 0.0), (history.Config.Augmentation.CropPadding, history.Config.Augmentation.FlipProbability, history.Config.Augmentation.MaxRotationDegrees));
        Assert.Equal([0f], history.Config.Augmentation.Mean); // pixels in [0, 1], not normalised
        Assert.Equal([1f], history.Config.Augmentation.Std);
        Assert.All(history.Epochs, e => Assert.Empty(e.ConfusionMatrix));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "benchmark.json")));
        var adam = json.RootElement.GetProperty("workloads")[0].GetProperty("optimizers")[0];
        Assert.True(adam.GetProperty("reached").GetInt32() == 1, $"Adam ended at loss {history.Epochs[^1].ValLoss:F2}, not under the quick target 80");
    }
}
