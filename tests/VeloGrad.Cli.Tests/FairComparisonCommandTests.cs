using System.Text.Json;

namespace VeloGrad.Cli.Tests;

/// <summary><c>velograd tune</c> and <c>velograd ablate</c> end to end on tiny synthetic runs.</summary>
public sealed class FairComparisonCommandTests : WithTemporaryFolder
{
    private static readonly string[] Tiny =
        ["--dataset", "synthetic", "--train-limit", "120", "--test-limit", "32", "--model", "small-cnn", "--batch-size", "32", "--seed", "5"];

    private static string[] Tune(string output, params string[] extra) =>
        ["tune", .. Tiny, "--optimizers", "velograd", "sgd", "--grid-points", "3", "--tune-epochs", "1", "--tune-seeds", "2",
         "--epochs", "2", "--seeds", "2", "--validation-split", "0.2", "--out", output, .. extra];

    [Fact]
    public void Tune_gives_every_optimizer_the_same_grid_on_the_validation_split_then_compares_the_choices_on_other_seeds_on_the_test_set()
    {
        string output = Path.Combine(Folder, "tune");
        var (exitCode, text, error) = CliRun.Invoke(Tune(output, "--schedule", "cosine", "--target", "60"));
        Assert.True(exitCode == 0, error + text);
        foreach (var file in new[] { "tune.json", "tuning.md", "tuning.json", "tuning.png", "final/comparison.md", "final/analysis.md", "final/comparison.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);

        // Trials: 3 rates × 2 tuning seeds per optimizer, judged on the validation split with the experiment's schedule.
        var trials = Directory.GetFiles(Path.Combine(output, "tuning", "runs"), "history.json", SearchOption.AllDirectories).Select(RunHistory.Load).ToList();
        Assert.Equal(12, trials.Count);
        Assert.All(trials, t => Assert.Equal("validation", t.EvaluatedOn));
        Assert.All(trials, t => Assert.Equal(LearningRateSchedule.Cosine, t.Config.Schedule));
        Assert.Equal([0.00075, 0.0015, 0.003, 0.005, 0.01, 0.02], trials.Select(t => t.Config.Optimizer.Value("lr") ?? 0).Distinct().Order().ToArray());
        Assert.Equal([5UL, 6], trials.Select(t => t.Config.Seed).Distinct().Order().ToArray());

        // The final runs: the chosen rates, seeds after the tuning seeds, on the test set.
        using var tuning = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "tuning.json")));
        var chosen = tuning.RootElement.GetProperty("optimizers").EnumerateArray().Select(o => o.GetProperty("chosen_spec").GetString()).ToList();
        var finals = Directory.GetFiles(Path.Combine(output, "final", "runs"), "history.json", SearchOption.AllDirectories).Select(RunHistory.Load).ToList();
        Assert.Equal(4, finals.Count);
        Assert.All(finals, f => Assert.Equal("test", f.EvaluatedOn));
        Assert.Equal([7UL, 8], finals.Select(f => f.Config.Seed).Distinct().Order().ToArray());
        Assert.Equal(chosen.Order(), finals.Select(f => f.Config.Optimizer.ToString()).Distinct().Order());
        Assert.Contains("TUNING (validation split)", text, StringComparison.Ordinal);
        Assert.Contains("## Time to target (60 % accuracy on the test set)", File.ReadAllText(Path.Combine(output, "final", "analysis.md")), StringComparison.Ordinal);
        Assert.Contains("Budget: 3 trials, 6 runs, 6 epochs", File.ReadAllText(Path.Combine(output, "tuning.md")), StringComparison.Ordinal);

        // report rebuilds the tuning and the final comparison from the histories, byte for byte (against the target kept).
        var before = new[] { "tuning.md", "tuning.json", "final/analysis.md" }.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(output, f)));
        foreach (var f in before.Keys) File.Delete(Path.Combine(output, f));
        Assert.Equal(0, CliRun.Invoke("report", output).ExitCode);
        foreach (var (f, content) in before) Assert.Equal(content, File.ReadAllText(Path.Combine(output, f)));

        // Resuming retrains nothing; another grid cannot resume the folder.
        var (resumed, again, _) = CliRun.Invoke(Tune(output, "--schedule", "cosine", "--resume"));
        Assert.Equal(0, resumed);
        Assert.DoesNotContain("epoch 1/", again, StringComparison.Ordinal);
        var (refused, _, refusal) = CliRun.Invoke(Tune(output, "--schedule", "cosine", "--resume", "--grid-factor", "3"));
        Assert.Equal(1, refused);
        Assert.Contains("tuned with other options (learning-rate grid ×0.5 … ×2 (3 points) → ×0.3333 … ×3 (3 points))", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Tune_refuses_to_tune_on_the_test_set_and_a_bad_grid_naming_the_option()
    {
        var (exitCode, _, error) = CliRun.Invoke(CliRun.With(Tune(Path.Combine(Folder, "t")), "--validation-split", "0"));
        Assert.Equal(1, exitCode);
        Assert.Contains("--validation-split: Tuning judges trials on a validation split, never on the test set", error, StringComparison.Ordinal);
        var (even, _, evenError) = CliRun.Invoke(CliRun.With(Tune(Path.Combine(Folder, "t")), "--grid-points", "4"));
        Assert.Equal(1, even);
        Assert.Contains("--grid-points: The grid needs an odd number of points", evenError, StringComparison.Ordinal);
    }

    [Fact]
    public void Ablate_runs_VeloGrad_without_each_part_and_without_all_and_states_each_parts_contribution()
    {
        string output = Path.Combine(Folder, "ablate");
        var (exitCode, text, error) = CliRun.Invoke(["ablate", .. Tiny, "--epochs", "1", "--seeds", "2", "--optimizer", "velograd:lr=0.003", "--target", "20", "--out", output]);
        Assert.True(exitCode == 0, error + text);
        var runs = Directory.GetFiles(Path.Combine(output, "runs"), "history.json", SearchOption.AllDirectories).Select(RunHistory.Load).ToList();
        Assert.Equal(14, runs.Count);
        Assert.All(runs, r => Assert.Equal(0.003, r.Config.Optimizer.Value("lr")));
        Assert.Equal(7, runs.Select(r => string.Join("+", r.Config.Optimizer.DisabledParts)).Distinct().Count());

        using var ablation = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "ablation.json")));
        Assert.Equal(6, ablation.RootElement.GetProperty("sentences").GetArrayLength());
        foreach (var file in new[] { "ablation.md", "ablation.png", "comparison.md", "analysis.md" }) Assert.True(File.Exists(Path.Combine(output, file)), file);
        Assert.Contains("ABLATION", text, StringComparison.Ordinal);
        Assert.Matches(@"lookahead: [+-]?\d+\.\d\d ± \d+\.\d\d points of accuracy, paired p [=<] [\d.]+, Welch's p [=<] [\d.]+ ", text);
        Assert.Contains("## Time to target (20 % accuracy", File.ReadAllText(Path.Combine(output, "analysis.md")), StringComparison.Ordinal);

        // report rebuilds both, the analysis against the target the command was given (not the default 70 %).
        var before = new[] { "ablation.md", "analysis.md" }.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(output, f)));
        foreach (var f in before.Keys) File.Delete(Path.Combine(output, f));
        Assert.Equal(0, CliRun.Invoke("report", output).ExitCode);
        foreach (var (f, content) in before) Assert.Equal(content, File.ReadAllText(Path.Combine(output, f)));

        var (refused, _, refusal) = CliRun.Invoke(["ablate", .. Tiny, "--optimizer", "adam", "--out", Path.Combine(Folder, "x")]);
        Assert.Equal(1, refused);
        Assert.Contains("--optimizer: An ablation takes VeloGrad's parts away", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_merges_a_tunings_final_runs_with_an_ablations_runs()
    {
        string tune = Path.Combine(Folder, "tuned"), ablate = Path.Combine(Folder, "ablated"), merged = Path.Combine(Folder, "merged");
        Assert.Equal(0, CliRun.Invoke(["tune", .. Tiny, "--optimizers", "velograd", "--grid-points", "3", "--tune-epochs", "1", "--tune-seeds", "1",
            "--epochs", "1", "--seeds", "1", "--validation-split", "0.2", "--out", tune]).ExitCode);
        Assert.Equal(0, CliRun.Invoke(["ablate", .. Tiny, "--epochs", "1", "--seeds", "1", "--out", ablate]).ExitCode);

        var (exitCode, text, error) = CliRun.Invoke("report", tune, ablate, "--out", merged);
        Assert.True(exitCode == 0, error);
        Assert.DoesNotContain("holds no", error, StringComparison.Ordinal);
        string table = File.ReadAllText(Path.Combine(merged, "comparison.md"));
        Assert.Contains("| VeloGrad (lr=", table, StringComparison.Ordinal); // the tuning's final run at its chosen rate
        Assert.Contains("| VeloGrad (disable=lookahead)", table, StringComparison.Ordinal); // an ablation variant
        Assert.Contains("Ablation report in", text, StringComparison.Ordinal);
    }
}
