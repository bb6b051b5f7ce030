using System.Diagnostics;

namespace VeloGrad.TestSupport;

/// <summary>Runs the dotnet CLI and other programs from tests, as a user would in a shell.</summary>
internal static class ChildProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "VeloGrad.slnx"))) return d.FullName;
        throw new InvalidOperationException("The repository root (with VeloGrad.slnx) was not found above the test's folder.");
    }

    /// <summary>Runs <paramref name="file"/> and returns its output; fails the test on a non-zero exit or a timeout.</summary>
    public static string Run(string file, string[] arguments, string workingDirectory)
    {
        var (exitCode, stdout, stderr) = Start(file, arguments, workingDirectory);
        string output = stdout + stderr;
        Assert.True(exitCode == 0, $"{file} {string.Join(' ', arguments)} failed ({exitCode}):\n{output}");
        return output;
    }

    /// <summary>Runs <paramref name="file"/> with <paramref name="environment"/> added (a null value removes a variable); fails the test only on a timeout.</summary>
    public static (int ExitCode, string Output, string Error) Start(string file, string[] arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // The test host's MSBuild settings must not leak into the child build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
            start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} took longer than {Timeout}.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
