
namespace VeloGrad.Cli.Tests;

/// <summary>velograd benchmark refuses what it cannot run before anything is written, and leaves the judgement of runs
/// handed to Kubernetes to report. (The suites that train are in classes of their own, so that they run side by side.)</summary>
public sealed class BenchmarkCommandTests : WithTemporaryFolder
{
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
