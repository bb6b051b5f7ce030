using System.Text.Json;

namespace VeloGrad.Cli.Tests;

public sealed class TrainCommandTests : WithTemporaryFolder
{
    private static string[] Train(string output, params string[] extra) =>
        ["train", "--dataset", "synthetic", "--train-limit", "128", "--test-limit", "32",
         "--batch-size", "32", "--epochs", "2", "--seed", "3", "--out", output, .. extra, .. extra.Contains("--model") ? Array.Empty<string>() : ["--model", "small-cnn"]];

    [Fact]
    public void Train_reports_each_epoch_and_writes_the_history()
    {
        string output = Path.Combine(Folder, "run");
        var (exitCode, text, error) = CliRun.Invoke(Train(output, "--optimizer", "adam:lr=0.002"));
        Assert.True(exitCode == 0, error);
        Assert.Contains("Adam (lr=0.002) epoch 2/2 | train loss", text, StringComparison.Ordinal);
        Assert.Contains("completed: 2 of 2 epochs", text, StringComparison.Ordinal);
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "history.json")));
        Assert.Equal("adam:lr=0.002", history.RootElement.GetProperty("config").GetProperty("optimizer").GetString());
        Assert.Equal(2, history.RootElement.GetProperty("epochs").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(output, "history.csv")));
    }

    [Fact]
    public void Bad_settings_are_one_line_each()
    {
        var (exitCode, _, error) = CliRun.Invoke(Train(Path.Combine(Folder, "x"), "--optimizer", "adam:momentum=1"));
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --optimizer: Optimizer 'adam' has no setting 'momentum'; it takes these, shown at their defaults: lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0001.", error, StringComparison.Ordinal);
        (exitCode, _, error) = CliRun.Invoke(Train(Path.Combine(Folder, "y"), "--model", "vgg"));
        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown model 'vgg'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diverging_run_exits_with_its_own_code()
    {
        var (exitCode, _, error) = CliRun.Invoke(Train(Path.Combine(Folder, "boom"), "--optimizer", "sgd:lr=1e30,momentum=0"));
        Assert.Equal(3, exitCode);
        Assert.Contains("diverged", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_folders_that_cannot_be_written_or_hold_a_finished_run_are_refused_before_any_training()
    {
        string file = Path.Combine(Folder, "a-file");
        File.WriteAllText(file, "");
        var (exitCode, text, error) = CliRun.Invoke(Train(file));
        Assert.Equal(1, exitCode);
        Assert.Contains("is a file, not a folder", error, StringComparison.Ordinal);
        Assert.DoesNotContain("dataset", text, StringComparison.Ordinal); // refused before the data loads

        (exitCode, _, error) = CliRun.Invoke(Train("/proc/velograd-cannot-write-here"));
        Assert.Equal(1, exitCode);
        Assert.Contains("Cannot write into", error, StringComparison.Ordinal);

        string done = Path.Combine(Folder, "done");
        Assert.Equal(0, CliRun.Invoke(Train(done)).ExitCode);
        (exitCode, _, error) = CliRun.Invoke(Train(done));
        Assert.Equal(1, exitCode);
        Assert.Contains("--overwrite", error, StringComparison.Ordinal);
        (exitCode, _, error) = CliRun.Invoke(Train(done, "--resume"));
        Assert.Equal(1, exitCode);
        Assert.Contains("nothing to resume", error, StringComparison.Ordinal);
        Assert.Equal(0, CliRun.Invoke(Train(done, "--overwrite")).ExitCode);
    }

    [Fact]
    public void Channels_last_is_the_default_for_a_convolutional_model_on_the_CPU_and_refused_where_it_changes_nothing()
    {
        string folder = Path.Combine(Folder, "memory-order");
        var (exitCode, text, error) = CliRun.Invoke(Train(folder));
        Assert.True(exitCode == 0, error + text);
        Assert.True(RunHistory.Load(Path.Combine(folder, RunHistory.JsonFileName)).Config.ChannelsLast);
        string contiguous = Path.Combine(Folder, "contiguous");
        Assert.Equal(0, CliRun.Invoke(Train(contiguous, "--channels-last", "false")).ExitCode);
        Assert.False(RunHistory.Load(Path.Combine(contiguous, RunHistory.JsonFileName)).Config.ChannelsLast);

        (exitCode, _, error) = CliRun.Invoke(Train(Path.Combine(Folder, "mlp"), "--model", "mlp", "--channels-last"));
        Assert.Equal(1, exitCode);
        Assert.Contains("--channels-last: the mlp model has no convolutions, so channels-last memory order changes nothing for it", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Folder, "mlp", RunHistory.JsonFileName)));
    }

    [Theory]
    [InlineData("--seed", "-1", "a seed is a whole number")]
    [InlineData("--optimizer", "sgd:lr=NaN", "--optimizer: Optimizer 'sgd': lr=NaN is not a finite number")]
    [InlineData("--optimizer", "velograd:lr=-1", "--optimizer: Optimizer 'velograd:lr=-1': lr=-1 is out of range: it must be a finite number > 0 (at 0 nothing trains).")]
    [InlineData("--optimizer", "sgd:lr=0", "--optimizer: Optimizer 'sgd:lr=0': lr=0 is out of range")]
    [InlineData("--epochs", "0", "--epochs: Epochs must be at least 1")]
    [InlineData("--schedule", "linear", "--schedule: Unknown schedule 'linear': use constant, cosine, onecycle, step.")]
    [InlineData("--warmup-epochs", "9", "--warmup-epochs: Warm-up takes 0 or more epochs and must leave some of the")]
    [InlineData("--validation-split", "0.9", "--validation-split: The validation split is a fraction of the training set between 0 (none) and 0.5")]
    public void Bad_values_are_named_in_one_line(string option, string value, string message)
    {
        var (exitCode, _, error) = CliRun.Invoke(CliRun.With(Train(Path.Combine(Folder, "bad")), option, value));
        Assert.Equal(1, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }
}
