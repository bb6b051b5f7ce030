
namespace VeloGrad.Cli.Tests;

/// <summary>Runs judged by their loss (a VAE): compared by the loss, with a loss target the user gives.</summary>
public sealed class LossComparisonTests : WithTemporaryFolder
{
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
