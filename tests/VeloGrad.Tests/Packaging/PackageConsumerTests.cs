using System.Diagnostics;

namespace VeloGrad.Tests.Packaging;

/// <summary>
/// A program outside this repository that references the VeloGrad package (and TorchSharp-cpu) builds and runs:
/// the package carries the build step that lets TorchSharp's natives load on systems like Debian 12.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);
    private readonly string _folder = Directory.CreateTempSubdirectory("velograd-consumer-").FullName;
    private readonly string _version = $"0.0.0-consumer{DateTime.UtcNow:yyyyMMddHHmmssfff}";

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        // The test version would otherwise stay in the global package cache.
        string cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "velograd", _version);
        if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_program_referencing_the_package_trains_with_VeloGrad()
    {
        string feed = Path.Combine(_folder, "feed"), app = Path.Combine(_folder, "app");
        Directory.CreateDirectory(app);
        Run("dotnet", ["pack", Path.Combine(RepositoryRoot(), "src", "VeloGrad", "VeloGrad.csproj"), "-o", feed, $"-p:Version={_version}", "--nologo"], RepositoryRoot());

        // Adds the local feed to the sources the machine's NuGet configuration already names (for TorchSharp-cpu).
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <add key="velograd-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="VeloGrad" Version="{_version}" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using TorchSharp.Modules;
            using VeloGrad;
            using static TorchSharp.torch;
            var p = new Parameter(ones(4));
            var optimizer = new VeloGradOptimizer([p]);
            p.grad = full(4, 0.5f);
            optimizer.SetLoss(1.0);
            optimizer.step();
            Console.WriteLine($"stepped {p.sum().item<float>() < 4}");
            """);

        string output = Run("dotnet", ["run", "--nologo"], app);
        Assert.Contains("stepped True", output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "VeloGrad.slnx"))) return d.FullName;
        throw new InvalidOperationException("The repository root (with VeloGrad.slnx) was not found above the test's folder.");
    }

    private static string Run(string file, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // The test host's MSBuild settings must not leak into the child build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
            start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} took longer than {CommandTimeout}.");
        }
        string output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output}");
        return output;
    }
}
