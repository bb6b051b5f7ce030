using static VeloGrad.TestSupport.ChildProcess;

namespace VeloGrad.Cli.Tests;

/// <summary><c>velograd</c> as a .NET tool: packed for this platform, installed from a local folder into a tool
/// path, it answers --help and trains.</summary>
public sealed class ToolPackageTests : WithTemporaryFolder
{
    [Fact]
    [Trait("Category", "Integration")]
    public void The_tool_package_installs_and_trains()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64,
            "This test packs the linux-x64 tool package; on other platforms pack with -p:ToolPackageRuntimeIdentifiers=<your RID>.");
        string version = $"0.0.0-tool{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        string feed = Path.Combine(Folder, "feed"), tools = Path.Combine(Folder, "tools"), root = RepositoryRoot();
        // Packed from the build these tests ran on: its configuration, no restore, and only the package's version set
        // (PackageVersion, not Version, which would rebuild every project's assemblies with another version under
        // the feet of the test projects still building or running).
        Run("dotnet", ["pack", Path.Combine(root, "src", "VeloGrad.Cli", "VeloGrad.Cli.csproj"), "-c", BuiltConfiguration, "--no-restore", "-o", feed,
            $"-p:PackageVersion={version}", "-p:ToolPackageRuntimeIdentifiers=linux-x64", "--nologo"], root);
        Run("dotnet", ["tool", "install", "VeloGrad.Cli", "--tool-path", tools, "--add-source", feed, "--version", version], Folder);

        string velograd = Path.Combine(tools, "velograd");
        Assert.Contains("train", Run(velograd, ["--help"], Folder), StringComparison.Ordinal);
        string output = Run(velograd, ["train", "--dataset", "synthetic", "--model", "small-cnn", "--epochs", "1",
            "--train-limit", "64", "--test-limit", "32", "--batch-size", "32", "--out", Path.Combine(Folder, "run")], Folder);
        Assert.Contains("completed: 1 of 1 epoch", output, StringComparison.Ordinal);
    }

#if DEBUG
    private const string BuiltConfiguration = "Debug";
#else
    private const string BuiltConfiguration = "Release";
#endif
}
