
namespace VeloGrad.Cli.Tests;

public class CommandLineTests
{
    [Fact]
    public void Help_names_the_command_and_lists_every_command()
    {
        var (exitCode, output, _) = CliRun.Invoke("--help");
        Assert.Equal(0, exitCode);
        Assert.Contains("velograd [command] [options]", output, StringComparison.Ordinal);
        foreach (var command in new[] { "info", "train", "compare", "tune", "ablate", "report", "execute", "data" })
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
}
