using System.Text.Json;

namespace VeloGrad.Cli.Tests;

/// <summary>A tiny end-to-end comparison on synthetic data, and report rebuilding its outputs.</summary>
public sealed class CompareCommandTests : WithTemporaryFolder
{
    private static readonly string[] Outputs = ["comparison.md", "comparison.csv", "comparison.png", "analysis.md", "analysis.json"];

    internal static string[] Compare(string output, params string[] extra) =>
        ["compare", "--dataset", "synthetic", "--train-limit", "96", "--test-limit", "32", "--model", "small-cnn",
         "--batch-size", "32", "--epochs", "2", "--out", output, .. extra, .. extra.Contains("--seed") ? Array.Empty<string>() : ["--seed", "5"]];

    [Fact]
    public void Compare_trains_every_optimizer_over_the_seeds_and_report_rebuilds_its_outputs_byte_for_byte()
    {
        string output = Path.Combine(Folder, "cmp");
        var (exitCode, text, error) = CliRun.Invoke(Compare(output, "--optimizers", "velograd", "adam", "--seeds", "2"));
        Assert.True(exitCode == 0, error + text);
        Assert.Contains("[4/4] Adam seed 6 epoch 2/2", text, StringComparison.Ordinal);
        Assert.Contains("FINAL PERFORMANCE COMPARISON", text, StringComparison.Ordinal);
        Assert.Matches(@"VeloGrad\s+2\s+\d\.\d{4} ± \d\.\d{4}", text);
        // A note every run would say alike is said once for the experiment, not once per run (it was 4 times here).
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "Precision auto on this CPU trains in"));
        foreach (var seed in new[] { 5, 6 })
            foreach (var optimizer in new[] { "velograd", "adam" })
                Assert.True(File.Exists(Path.Combine(output, "runs", optimizer, $"seed-{seed}", "history.json")));
        // Finished folders hold results only: the writers' locks went with them.
        Assert.Empty(Directory.GetFiles(output, ".lock*", SearchOption.AllDirectories));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")));
        Assert.Equal([5UL, 6], manifest.RootElement.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64()));
        Assert.True(manifest.RootElement.TryGetProperty("ended_at", out _));
        Assert.Equal("small-cnn", manifest.RootElement.GetProperty("base_config").GetProperty("model").GetString());

        var original = Outputs.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(output, f)));
        foreach (var f in Outputs) File.Delete(Path.Combine(output, f));
        Assert.Equal(0, CliRun.Invoke("report", output).ExitCode);
        foreach (var f in Outputs)
            Assert.True(original[f].SequenceEqual(File.ReadAllBytes(Path.Combine(output, f))), $"report rebuilt {f} differently.");

        // A file where a folder belongs is named as such, in words, and nothing is written.
        string file = Path.Combine(output, "comparison.md");
        var (asFolder, _, asFolderError) = CliRun.Invoke("report", file);
        Assert.Equal(1, asFolder);
        Assert.Contains($"'{file}' is a file, not a folder", asFolderError, StringComparison.Ordinal);
        var (asOut, _, asOutError) = CliRun.Invoke("report", output, "--out", file);
        Assert.Equal(1, asOut);
        Assert.Contains($"error: --out: '{file}' is a file; the report's tables, figures and analysis go into a folder", asOutError, StringComparison.Ordinal);
        Assert.True(original["comparison.md"].SequenceEqual(File.ReadAllBytes(file)));

        // Without --resume the folder is protected; with it, finished runs are reused, not retrained.
        var (refused, _, refusal) = CliRun.Invoke(Compare(output, "--optimizers", "velograd", "adam", "--seeds", "2"));
        Assert.Equal(1, refused);
        Assert.Contains("--resume", refusal, StringComparison.Ordinal);
        var (resumed, again, _) = CliRun.Invoke(Compare(output, "--optimizers", "velograd", "adam", "--seeds", "2", "--resume"));
        Assert.Equal(0, resumed);
        Assert.DoesNotContain("epoch 1/2", again, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_run_is_reported_and_the_others_still_complete()
    {
        string output = Path.Combine(Folder, "failing");
        var (exitCode, text, error) = CliRun.Invoke(Compare(output, "--optimizers", "velograd", "sgd:lr=1e30,momentum=0", "adam"));
        Assert.Equal(3, exitCode); // diverged runs are a finding, as train's exit 3; a run that failed otherwise is exit 1
        Assert.Contains("SGD (lr=1e30, momentum=0) seed 5 diverged", error, StringComparison.Ordinal);
        Assert.Contains("FINAL PERFORMANCE COMPARISON", text, StringComparison.Ordinal);
        Assert.Matches(@"\nAdam\s+1\s", text);
        Assert.Contains("diverged", File.ReadAllText(Path.Combine(output, "comparison.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void TensorBoard_event_files_are_written_per_run()
    {
        string board = Path.Combine(Folder, "board");
        var (exitCode, _, error) = CliRun.Invoke(Compare(Path.Combine(Folder, "tb"), "--optimizers", "velograd", "--tensorboard", board));
        Assert.True(exitCode == 0, error);
        var events = Directory.GetFiles(Path.Combine(board, "velograd", "seed-5"), "events.out.tfevents*");
        Assert.Single(events);
        Assert.True(new FileInfo(events[0]).Length > 0);
    }

    [Fact]
    public void Resume_with_other_options_than_the_folders_plan_is_refused_and_the_runs_are_kept()
    {
        string output = Path.Combine(Folder, "plan");
        Assert.Equal(0, CliRun.Invoke(Compare(output, "--optimizers", "velograd", "adam")).ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "plan.json")));
        string history = Path.Combine(output, "runs", "velograd", "seed-5", "history.json");
        string before = File.ReadAllText(history);

        var (exitCode, _, error) = CliRun.Invoke(Compare(output, "--optimizers", "velograd", "adam", "--resume", "--seeds", "2"));
        Assert.Equal(1, exitCode);
        Assert.Contains("planned with other options", error, StringComparison.Ordinal);
        Assert.Contains("seeds 5 → 5,6", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(history));

        (exitCode, _, error) = CliRun.Invoke(CliRun.With(Compare(output, "--optimizers", "velograd", "adam", "--resume"), "--epochs", "3"));
        Assert.Equal(1, exitCode);
        Assert.Contains("epochs 2 → 3", error, StringComparison.Ordinal);
        Assert.Equal(0, CliRun.Invoke(Compare(output, "--optimizers", "velograd", "adam", "--resume")).ExitCode);
        Assert.Equal(before, File.ReadAllText(history));

        // A new experiment into it, even the same one, is refused: its runs are kept.
        (exitCode, _, error) = CliRun.Invoke(Compare(output, "--optimizers", "velograd", "adam"));
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: '{output}' already holds planned runs: --resume continues it, or choose another --out.", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(history));
    }

    [Fact]
    public void Report_of_a_folder_that_does_not_exist_says_so()
    {
        var (exitCode, _, error) = CliRun.Invoke("report", Path.Combine(Folder, "nonexistent"));
        Assert.Equal(1, exitCode);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
