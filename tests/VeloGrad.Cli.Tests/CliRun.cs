using System.CommandLine;

namespace VeloGrad.Cli.Tests;

/// <summary>Runs the velograd command line in-process, capturing what it prints.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = VelogradCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Skips the test, saying how to install it, where Debian's Fashion-MNIST is not installed.</summary>
    public static void RequireFashionMnist() =>
        Assert.SkipUnless(VeloGrad.Training.Data.FashionMnist.IsPresent(VeloGrad.Training.Data.FashionMnist.DebianFolder),
            "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist; .ci/run does).");

    /// <summary><paramref name="args"/> with <paramref name="option"/> set to <paramref name="value"/> (replaced if present).</summary>
    public static string[] With(string[] args, string option, string value)
    {
        int at = Array.IndexOf(args, option);
        if (at < 0) return [.. args, option, value];
        var copy = args.ToArray();
        copy[at + 1] = value;
        return copy;
    }
}

/// <summary>A temporary folder for a test class's outputs.</summary>
public abstract class WithTemporaryFolder : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("velograd-cli-").FullName;

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
