using System.Text.Json;

namespace VeloGrad.Cli.Tests;

/// <summary>A tiny end-to-end comparison on synthetic data, and report rebuilding its outputs.</summary>
public sealed class CompareCommandTests : WithTemporaryFolder
{
    private static readonly string[] Outputs = ["comparison.md", "comparison.csv", "comparison.png", "analysis.md", "analysis.json"];

    private static string[] Compare(string output, params string[] extra) =>
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
    public void Report_mergesFolders_into_a_new_one_and_refuses_aFolder_without_runs()
    {
        string a = Path.Combine(Folder, "a"), b = Path.Combine(Folder, "b"), merged = Path.Combine(Folder, "merged");
        Assert.Equal(0, CliRun.Invoke(Compare(a, "--optimizers", "velograd", "adam")).ExitCode);
        Assert.Equal(0, CliRun.Invoke(Compare(b, "--optimizers", "velograd", "adam", "--seed", "9")).ExitCode);
        var (exitCode, text, _) = CliRun.Invoke("report", a, b, "--out", merged);
        Assert.Equal(0, exitCode);
        Assert.Matches(@"VeloGrad\s+2\s", text);
        Assert.True(File.Exists(Path.Combine(merged, "manifest.json")));
        var (refused, _, error) = CliRun.Invoke("report", merged, "--out", Path.Combine(Folder, "x"));
        Assert.Equal(1, refused);
        Assert.Contains("holds no runs (no runs/ folder): give an output folder of velograd compare, tune or ablate.", error, StringComparison.Ordinal);
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
    }

    [Fact]
    public void Report_of_a_folder_that_does_not_exist_says_so()
    {
        var (exitCode, _, error) = CliRun.Invoke("report", Path.Combine(Folder, "nonexistent"));
        Assert.Equal(1, exitCode);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_judged_by_their_loss_need_a_loss_target_and_are_compared_by_it()
    {
        string output = Path.Combine(Folder, "quadratic");
        // Adam at DeepOBS's rate for this problem; VeloGrad barely moves from DeepOBS's start (test loss 353.4).
        string[] command = ["compare", "--dataset", "quadratic", "--model", "quadratic-deep", "--optimizers", "velograd", "adam:lr=0.04", "--seeds", "2", "--epochs", "12", "--accumulation", "1", "--out", output];
        var (refused, _, error) = CliRun.Invoke(command);
        Assert.Equal(1, refused);
        Assert.Contains("error: --target: These runs are judged by their loss, which has no default target: give --target", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));

        string board = Path.Combine(Folder, "quadratic-board");
        var (exitCode, text, error2) = CliRun.Invoke([.. command, "--target", "110", "--tensorboard", board]);
        Assert.True(exitCode == 0, text + error2);
        // TensorBoard gets its losses, and no accuracy (it has none: zeros would read as figures).
        string events = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(Directory.GetFiles(Path.Combine(Directory.GetDirectories(board).Single(d => Path.GetFileName(d).StartsWith("adam", StringComparison.Ordinal)), "seed-0"), "events.out.tfevents*").Single()));
        Assert.Contains("val/loss", events, StringComparison.Ordinal);
        Assert.DoesNotContain("accuracy", events, StringComparison.Ordinal);
        string analysis = File.ReadAllText(Path.Combine(output, "analysis.md"));
        Assert.Contains("## Time to target (loss ≤ 110 on the test set)", analysis, StringComparison.Ordinal);
        Assert.Contains("- Adam (lr=0.04): 4.0 epochs", analysis, StringComparison.Ordinal); // Adam gets under 110 in its fourth epoch on both seeds
        Assert.Contains("**VeloGrad has lower evaluation loss than Adam (lr=0.04)** — Contradicted", analysis, StringComparison.Ordinal);
        Assert.DoesNotContain("higher accuracy than", analysis, StringComparison.Ordinal);
        Assert.DoesNotContain("## Accuracy improvement", analysis, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "differences.png")));

        // report rebuilds it against the target the command was given (kept in manifest.json); --target measures another
        // without changing the kept one.
        File.Delete(Path.Combine(output, "analysis.md"));
        Assert.Equal(0, CliRun.Invoke("report", output).ExitCode);
        Assert.Equal(analysis, File.ReadAllText(Path.Combine(output, "analysis.md")));
        Assert.Equal(0, CliRun.Invoke("report", output, "--target", "100").ExitCode);
        Assert.Contains("## Time to target (loss ≤ 100 on the test set)", File.ReadAllText(Path.Combine(output, "analysis.md")), StringComparison.Ordinal);
        Assert.Equal(0, CliRun.Invoke("report", output).ExitCode);
        Assert.Equal(analysis, File.ReadAllText(Path.Combine(output, "analysis.md")));

        // Merged with a comparison analysed against another target, the report must be told which one it measures.
        string other = Path.Combine(Folder, "quadratic-other"), merged = Path.Combine(Folder, "quadratic-merged");
        string[] otherCommand = ["compare", "--dataset", "quadratic", "--model", "quadratic-deep", "--optimizers", "sgd", "--seeds", "2", "--epochs", "12", "--accumulation", "1", "--target", "105", "--out", other];
        Assert.Equal(0, CliRun.Invoke(otherCommand).ExitCode);
        var (mixed, _, mixedError) = CliRun.Invoke("report", output, other, "--out", merged);
        Assert.Equal(1, mixed);
        Assert.Contains("error: --target: These folders were analysed against different targets (110 and 105): give --target", mixedError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(merged));
        Assert.Equal(0, CliRun.Invoke("report", output, other, "--out", merged, "--target", "105").ExitCode);
        Assert.Contains("## Time to target (loss ≤ 105 on the test set)", File.ReadAllText(Path.Combine(merged, "analysis.md")), StringComparison.Ordinal);
        Assert.Equal(105, System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(merged, "manifest.json")))!["target"]!.GetValue<double>());

        // A folder written before targets were kept: a loss target must be given again.
        string manifest = Path.Combine(output, "manifest.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        Assert.True(json.Remove("target"));
        File.WriteAllText(manifest, json.ToJsonString());
        var (old, _, oldError) = CliRun.Invoke("report", output);
        Assert.Equal(1, old);
        Assert.Contains("error: --target: These runs are judged by their loss, which has no default target: give --target", oldError, StringComparison.Ordinal);
        Assert.Equal(analysis, File.ReadAllText(Path.Combine(output, "analysis.md"))); // nothing written over
    }
}
