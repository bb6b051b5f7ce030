using System.IO.Compression;
using static VeloGrad.TestSupport.ChildProcess;

namespace VeloGrad.Tests.Packaging;

/// <summary>
/// A program outside this repository that references the VeloGrad package (and TorchSharp-cpu) builds and runs:
/// the package carries the build step that lets TorchSharp's natives load on systems like Debian 12.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
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
        // Packed from the build these tests ran on (its configuration, no restore); only the package's version is set
        // (PackageVersion: Version would rebuild the library with another assembly version under the other test projects).
        Run("dotnet", ["pack", Path.Combine(RepositoryRoot(), "src", "VeloGrad", "VeloGrad.csproj"), "-c", BuiltConfiguration, "--no-restore", "-o", feed,
            $"-p:PackageVersion={_version}", "--nologo"], RepositoryRoot());
        AssertGalleryMetadata(feed);

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

#if DEBUG
    private const string BuiltConfiguration = "Debug";
#else
    private const string BuiltConfiguration = "Release";
#endif

    /// <summary>What a gallery page shows: readme, licence, repository (commit), and a symbols package beside it.</summary>
    private void AssertGalleryMetadata(string feed)
    {
        Assert.True(File.Exists(Path.Combine(feed, $"VeloGrad.{_version}.snupkg")), "No symbols package.");
        using var package = ZipFile.OpenRead(Path.Combine(feed, $"VeloGrad.{_version}.nupkg"));
        Assert.NotNull(package.GetEntry("README.md"));
        Assert.NotNull(package.GetEntry("LICENSE"));
        using var reader = new StreamReader(package.GetEntry("VeloGrad.nuspec")!.Open());
        string nuspec = reader.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
        Assert.Matches("<repository type=\"git\"[^>]* commit=\"[0-9a-f]{40}\"", nuspec);
    }
}
