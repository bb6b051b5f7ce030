
namespace VeloGrad.Cli.Tests;

public class CommandLineTests
{
    [Fact]
    public void Info_names_the_folder_of_the_libtorch_it_loaded()
    {
        var (exitCode, output, error) = CliRun.Invoke("info");
        Assert.True(exitCode == 0, error);
        string line = output.Split('\n').Single(l => l.StartsWith("libtorch         ", StringComparison.Ordinal));
        string folder = line[(line.LastIndexOf(" from ", StringComparison.Ordinal) + 6)..].Trim();
        Assert.True(Directory.Exists(folder), line);
        Assert.True(Directory.EnumerateFiles(folder, "*torch_cpu*").Any(), $"{folder} holds no torch_cpu library");
    }

    [Fact]
    public void Help_names_the_command_and_lists_every_command()
    {
        var (exitCode, output, _) = CliRun.Invoke("--help");
        Assert.Equal(0, exitCode);
        Assert.Contains("velograd [command] [options]", output, StringComparison.Ordinal);
        foreach (var command in new[] { "info", "train", "compare", "tune", "ablate", "benchmark", "report", "execute", "data" })
            Assert.Contains($"  {command} ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_reports_the_torch_runtime()
    {
        var (exitCode, output, _) = CliRun.Invoke("info");
        Assert.Equal(0, exitCode);
        Assert.Contains("TorchSharp       0.107.0", output, StringComparison.Ordinal);
        Assert.Contains("libtorch threads", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_command_is_an_error()
    {
        var (exitCode, _, error) = CliRun.Invoke("bogus");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("bogus", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--slurm-cpus", "0", "--slurm-cpus 0: each run needs at least 1 CPU.")]
    [InlineData("--parallel", "0", "--parallel 0: at least 1 run must be allowed at once")]
    [InlineData("--parallel", "-3", "--parallel -3: at least 1 run must be allowed at once")]
    public void Values_no_scheduler_can_take_are_refused_before_anything_is_written(string option, string value, string message)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"velograd-cluster-{Guid.NewGuid():N}");
        var (exitCode, _, error) = CliRun.Invoke("compare", "--quick", "--dataset", "synthetic", "--executor", "slurm", option, value, "--out", folder);
        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "a refused command wrote its output folder");
    }

    [Theory]
    [InlineData("train", "--test-limit", "99999999999", "--test-limit 99999999999: too large: the most this option takes is 2,147,483,647.")]
    [InlineData("train", "--epochs", "abc", "--epochs abc: not a whole number.")]
    [InlineData("train", "--out", "", "--out is empty: name the folder to write into.")]
    [InlineData("tune", "--tune-epochs", "0", "--tune-epochs 0: every tuning trial needs at least 1 epoch.")]
    [InlineData("tune", "--grid-factor", "1e300", "error: --grid-factor: 1E+300 with 7 points puts the grid's ends beyond any number of times above and below each default")]
    [InlineData("train", "--dataset", "imagenet", "error: --dataset: Unknown dataset 'imagenet': use one of auto, cifar10, fashion-mnist, mnist, synthetic, quadratic.")]
    [InlineData("ablate", "--model", "vae", "error: --model: An ablation measures each part in accuracy, and vae is judged by its loss: ablate a classifier")]
    // A count with extra zeros: once it planned a billion runs (an overflowed "-1294967296 runs", or ~19 GB until the OOM killer came).
    [InlineData("compare", "--seeds", "1000000000", "error: --seeds: A comparison takes at most 1,000 seeds (got 1,000,000,000).")]
    [InlineData("ablate", "--seeds", "1000000000", "error: --seeds: A comparison takes at most 1,000 seeds (got 1,000,000,000).")]
    [InlineData("tune", "--seeds", "1000000000", "error: --seeds: The final comparison takes at most 1,000 seeds (got 1,000,000,000).")]
    [InlineData("tune", "--tune-seeds", "1000000000", "error: --tune-seeds: Tuning takes at most 1,000 seeds (got 1,000,000,000).")]
    [InlineData("tune", "--grid-points", "1000001", "error: --grid-points: The grid takes at most 101 points (got 1,000,001)")]
    public void A_bad_value_is_one_line_naming_its_option_and_leaves_no_folder_behind(string command, string option, string value, string message)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"velograd-bad-{Guid.NewGuid():N}");
        string[] args = option == "--out" ? [command, "--dataset", "synthetic", "--out", value]
            : [command, "--quick", "--dataset", "synthetic", option, value, "--out", folder];
        if (command == "train") args = [.. args.Where(a => a != "--quick")];
        if (option == "--dataset") args = [command, option, value, "--out", folder];
        var (exitCode, _, error) = CliRun.Invoke(args);
        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "a failed command left its output folder behind");
    }

    [Theory]
    [InlineData("error: --seeds: A benchmark takes at most 1,000 seeds (got 1,000,000,000).", "benchmark", "--quick", "--seeds", "1000000000")]
    [InlineData("error: --seeds: A comparison's 3 seeds from 18446744073709551615 would pass the largest seed", "compare", "--quick", "--dataset", "synthetic", "--seed", "18446744073709551615", "--seeds", "3")]
    public void Seeds_past_what_an_experiment_can_run_are_refused_before_anything_is_written(string message, params string[] args)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"velograd-seeds-{Guid.NewGuid():N}");
        var (exitCode, _, error) = CliRun.Invoke([.. args, "--out", folder]);
        Assert.Equal(1, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "a refused command wrote its output folder");
    }
}
