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
