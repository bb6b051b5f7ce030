
namespace VeloGrad.Cli.Tests;

/// <summary>velograd report merges the runs of several comparison folders into a new one.</summary>
public sealed class ReportMergeTests : WithTemporaryFolder
{
    [Fact]
    public void Report_mergesFolders_into_a_new_one_and_refuses_aFolder_without_runs()
    {
        string a = Path.Combine(Folder, "a"), b = Path.Combine(Folder, "b"), merged = Path.Combine(Folder, "merged");
        Assert.Equal(0, CliRun.Invoke(CompareCommandTests.Compare(a, "--optimizers", "velograd", "adam")).ExitCode);
        Assert.Equal(0, CliRun.Invoke(CompareCommandTests.Compare(b, "--optimizers", "velograd", "adam", "--seed", "9")).ExitCode);
        var (exitCode, text, _) = CliRun.Invoke("report", a, b, "--out", merged);
        Assert.Equal(0, exitCode);
        Assert.Matches(@"VeloGrad\s+2\s", text);
        Assert.True(File.Exists(Path.Combine(merged, "manifest.json")));
        var (refused, _, error) = CliRun.Invoke("report", merged, "--out", Path.Combine(Folder, "x"));
        Assert.Equal(1, refused);
        Assert.Contains("holds no runs (no runs/ folder): give an output folder of velograd compare, tune or ablate.", error, StringComparison.Ordinal);
    }
}
