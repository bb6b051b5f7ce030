using System.Text.Json;
using VeloGrad.Training.Data;

namespace VeloGrad.Cli.Tests;

/// <summary>velograd benchmark --tune: every optimizer tuned per workload, the final runs at the choices.</summary>
public sealed class TunedBenchmarkTests : WithTemporaryFolder
{
    [Fact]
    [Trait("Category", "Integration")]
    public void A_tuned_benchmark_tunes_every_optimizer_per_workload_and_judges_its_final_runs_at_the_choices()
    {
        CliRun.RequireFashionMnist();
        string output = Path.Combine(Folder, "tuned");
        string[] command = ["benchmark", "--quick", "--tune", "--workloads", "fmnist_mlp", "--optimizers", "velograd", "adam", "--grid-points", "3", "--seeds", "2", "--out", output];
        var (exitCode, text, error) = CliRun.Invoke(command);
        Assert.True(exitCode == 0, text + error);
        Assert.Contains("tuned per workload", text, StringComparison.Ordinal);
        Assert.Contains("6 tuning trials, then 4 runs", text, StringComparison.Ordinal);

        string workload = Path.Combine(output, "fmnist_mlp");
        using var tuning = JsonDocument.Parse(File.ReadAllText(Path.Combine(workload, "tuning.json")));
        var chosen = tuning.RootElement.GetProperty("optimizers").EnumerateArray().Select(o => o.GetProperty("chosen_spec").GetString()).ToList();
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "benchmark.json"))))
        {
            Assert.Equal(3, json.RootElement.GetProperty("tuning").GetProperty("grid_points").GetInt32());
            var results = json.RootElement.GetProperty("workloads")[0].GetProperty("optimizers").EnumerateArray().ToList();
            // The benchmark judges the final runs, at what the tuning chose, under the plan's names.
            Assert.Equal(["VeloGrad", "Adam"], results.Select(r => r.GetProperty("optimizer").GetString()));
            Assert.Equal(chosen, results.Select(r => r.GetProperty("tuned_setting").GetString()));
            Assert.All(results, r => Assert.Equal(2, r.GetProperty("seeds").GetInt32()));
        }
        // The tuning's seed (0) trains no final run: those are seeds 1 and 2.
        foreach (string runs in Directory.GetDirectories(Path.Combine(workload, "final", "runs")))
            Assert.Equal(["seed-1", "seed-2"], Directory.GetDirectories(runs).Select(Path.GetFileName).Order());

        var files = new[] { "benchmark.md", "benchmark.json", "fmnist_mlp/tuning.md", "fmnist_mlp/final/analysis.md" };
        BenchmarkReports.AssertRebuild(output, files);

        var (refused, _, refusal) = CliRun.Invoke([.. command.Select(a => a == "3" ? "5" : a), "--resume"]);
        Assert.Equal(1, refused);
        Assert.Contains("was benchmarked with other options (tuning 3 rates ×2 apart, 1 seed, validation 0.1 → 5 rates ×2 apart", refusal, StringComparison.Ordinal);
    }
}
