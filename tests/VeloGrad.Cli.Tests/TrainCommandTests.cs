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
        Assert.StartsWith("error: --optimizer: Optimizer 'adam' has no setting 'momentum'", error, StringComparison.Ordinal);
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
}
