using System.Text.Json;
using VeloGrad.Training.Data;

namespace VeloGrad.Cli.Tests;

/// <summary>velograd benchmark runs the Fashion-MNIST workloads at their quick budgets, each a comparison of its own,
/// reaches each quick target, judges across them, and report rebuilds the judgement byte for byte.</summary>
public sealed class BenchmarkCommandTests : WithTemporaryFolder
{
    private static readonly string[] FashionWorkloads = ["fmnist_mlp", "fmnist_2c2d", "fmnist-resnet18"];

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
                    $"{w.GetProperty("workload").GetString()}: {r.GetProperty("optimizer").GetString()} did not reach {w.GetProperty("target").GetDouble()} %"));
            Assert.Equal(2, json.RootElement.GetProperty("by_epochs").GetProperty("scores").GetArrayLength());
        }

        var files = new[] { "benchmark.md", "benchmark.json", "fmnist_mlp/analysis.md", "fmnist_2c2d/comparison.csv" };
        AssertReportRebuilds(output, files);

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
        var (resumed, again, _) = CliRun.Invoke(["benchmark", "--quick", "--workloads", .. FashionWorkloads, "--optimizers", "velograd", "adam", "--seeds", "1", "--out", output, "--resume"]);
        Assert.Equal(0, resumed);
        Assert.DoesNotContain("epoch 1/", again, StringComparison.Ordinal);
        var (refused, _, refusal) = CliRun.Invoke(["benchmark", "--quick", "--workloads", .. FashionWorkloads, "--optimizers", "velograd", "sgd", "--seeds", "1", "--out", output, "--resume"]);
        Assert.Equal(1, refused);
        Assert.Contains("was benchmarked with other options (optimizers velograd adam → velograd sgd)", refusal, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_tuned_benchmark_tunes_every_optimizer_per_workload_and_judges_its_final_runs_at_the_choices()
    {
        Assert.SkipUnless(FashionMnist.IsPresent(FashionMnist.DebianFolder), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist; .ci/run does).");
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
        AssertReportRebuilds(output, files);

        var (refused, _, refusal) = CliRun.Invoke([.. command.Select(a => a == "3" ? "5" : a), "--resume"]);
        Assert.Equal(1, refused);
        Assert.Contains("was benchmarked with other options (tuning 3 rates ×2 apart, 1 seed, validation 0.1 → 5 rates ×2 apart", refusal, StringComparison.Ordinal);
    }

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

    [Theory]
    [InlineData("--grid-points", "5")]
    [InlineData("--tune-seeds", "2")]
    [InlineData("--grid-factor", "3")]
    [InlineData("--tune-grid", "deepobs")]
    public void A_tuning_option_without_tune_is_refused_rather_than_ignored(string option, string value)
    {
        string output = Path.Combine(Folder, "untuned");
        var (exitCode, _, error) = CliRun.Invoke("benchmark", "--quick", "--workloads", "fmnist_mlp", option, value, "--out", output);
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: {option}: it sets how each optimizer is tuned, and nothing is tuned without --tune: add --tune, or leave it out.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

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
        AssertReportRebuilds(output, ["benchmark.md", "benchmark.json", "benchmark.png", "deepobs.png", "quadratic_deep/tuning.md", "quadratic_deep/final/analysis.md",
            "quadratic_deep/final/comparison.csv", "quadratic_deep/final/differences.png"]);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void The_quick_vae_workload_trains_deepobs_vae_and_adam_gets_under_its_target_loss()
    {
        Assert.SkipUnless(FashionMnist.IsPresent(FashionMnist.DebianFolder), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist; .ci/run does).");
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

    /// <summary>Deletes <paramref name="files"/> from <paramref name="output"/>; velograd report must write them again, byte for byte.</summary>
    private static void AssertReportRebuilds(string output, string[] files)
    {
        var before = files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(output, f)));
        foreach (var f in files) File.Delete(Path.Combine(output, f));
        var (reported, reportText, reportError) = CliRun.Invoke("report", output);
        Assert.True(reported == 0, reportText + reportError);
        Assert.Contains($"Benchmark report in {output} (benchmark.md, benchmark.json, benchmark.png", reportText, StringComparison.Ordinal);
        foreach (var (f, content) in before) Assert.True(content.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(output, f))), $"{f} was not rebuilt byte for byte");
    }

    [Fact]
    public void An_unknown_workload_is_named_with_the_known_ones_and_nothing_is_written()
    {
        string output = Path.Combine(Folder, "none");
        var (exitCode, _, error) = CliRun.Invoke("benchmark", "--quick", "--workloads", "mnist-mlp", "--out", output);
        Assert.Equal(1, exitCode);
        Assert.Contains("error: --workloads: Unknown workload 'mnist-mlp': use one of quadratic_deep, mnist_vae, fmnist_2c2d, cifar10_3c3d, fmnist_vae, fmnist_mlp, fmnist_logreg, fmnist-resnet18, cifar10-resnet18.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Runs_handed_to_Kubernetes_leave_the_judgement_to_report_instead_of_scoring_runs_that_have_not_run()
    {
        string output = Path.Combine(Folder, "handed-off");
        var (exitCode, text, error) = CliRun.Invoke("benchmark", "--quick", "--workloads", "quadratic_deep", "--optimizers", "adam", "--seeds", "1",
            "--executor", "kubernetes", "--k8s-image", "registry.example/velograd:1", "--k8s-volume-claim", "results", "--out", output);
        Assert.True(exitCode == 0, text + error);
        Assert.True(File.Exists(Path.Combine(output, "quadratic_deep", "kubernetes", "job.json")));
        Assert.False(File.Exists(Path.Combine(output, "benchmark.md")), "a benchmark whose runs have not run was judged");
        Assert.Contains($"once they are done, velograd report {output} writes the benchmark's tables and judgement", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tuned_benchmark_handed_to_Kubernetes_judges_nothing_and_says_how_to_go_on()
    {
        string output = Path.Combine(Folder, "tuned-handed-off");
        var (exitCode, text, error) = CliRun.Invoke("benchmark", "--quick", "--tune", "--grid-points", "3", "--workloads", "quadratic_deep", "--optimizers", "adam", "--seeds", "1",
            "--executor", "kubernetes", "--k8s-image", "registry.example/velograd:1", "--k8s-volume-claim", "results", "--out", output);
        Assert.True(exitCode == 0, text + error);
        Assert.True(File.Exists(Path.Combine(output, "quadratic_deep", "tuning", "kubernetes", "job.json")), "the trials were not handed off");
        Assert.False(File.Exists(Path.Combine(output, "benchmark.md")), "a benchmark whose trials have not run was judged");
        Assert.False(File.Exists(Path.Combine(output, "quadratic_deep", "tuning.md")), "a tuning whose trials have not run was reported");
        Assert.Contains("The tuning's trials are handed off; once they are done, run the same command with --resume", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The tuning is not finished", text, StringComparison.Ordinal);
        Assert.Contains($"once they are done, velograd report {output} writes the benchmark's tables and judgement", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workload_listed_twice_is_refused_as_an_optimizer_listed_twice_is_and_nothing_is_written()
    {
        string output = Path.Combine(Folder, "twice");
        var (exitCode, _, error) = CliRun.Invoke("benchmark", "--quick", "--workloads", "quadratic_deep", "fmnist_mlp", "quadratic_deep", "--out", output);
        Assert.Equal(1, exitCode);
        Assert.Contains("error: --workloads: Workload 'quadratic_deep' is listed twice: list each once.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_workload_whose_data_is_missing_is_named_before_anything_is_written()
    {
        string empty = Directory.CreateDirectory(Path.Combine(Folder, "no-data")).FullName, output = Path.Combine(Folder, "cifar");
        var (exitCode, _, error) = CliRun.Invoke("benchmark", "--quick", "--workloads", "cifar10_3c3d", "--data", empty, "--out", output);
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: Workload cifar10_3c3d needs CIFAR-10, which is not in '{empty}': fetch it with velograd data inspect --dataset cifar10 --download", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "a benchmark that cannot run wrote its folder");
    }
}
