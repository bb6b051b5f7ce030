using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace VeloGrad.Tests.Packaging;

/// <summary>
/// The build links copy-local files to the NuGet cache instead of copying them (libtorch's natives are ~1 GB per
/// output folder), and patches its copy of TorchSharp's bridge where the system's libstdc++ lacks a version it needs
/// (build/ElfVersionNeeds.cs). The patch must land on a file of its own: written through a hard link it would change
/// the cache every other project on the machine restores from.
/// </summary>
public sealed class NativesPatchTests
{
    private const string Bridge = "libLibTorchSharp.so", NewestNeed = "GLIBCXX_3.4.32";

    [Fact]
    public void The_build_patches_its_own_copy_of_TorchSharps_bridge_and_leaves_the_NuGet_cache_as_it_came()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64, "the patch applies to linux-x64 builds");
        TorchSharp.torch.zeros(1).Dispose(); // the bridge is loaded, and with it the libstdc++ it binds to
        string? libstdcxx = VeloGrad.Runtime.MappedLibraries.Paths().FirstOrDefault(p => Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
        Assert.NotNull(libstdcxx);
        Assert.SkipWhen(File.ReadAllText(libstdcxx, System.Text.Encoding.Latin1).Contains(NewestNeed, StringComparison.Ordinal),
            $"this system's libstdc++ offers {NewestNeed}: the build had nothing to patch");

        string built = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Bridge);
        string cached = CachedBridge();
        Assert.True(File.Exists(cached), $"TorchSharp's package is not at {cached}");
        // The copy this process loaded was patched (else it could not have loaded here); the cache's was not.
        Assert.NotEqual(File.ReadAllBytes(cached), File.ReadAllBytes(built));
        Assert.Equal(File.ReadAllBytes(cached).Length, File.ReadAllBytes(built).Length); // a flag and a jump changed, nothing else
    }

    /// <summary>TorchSharp's bridge as its package in the NuGet cache holds it.</summary>
    internal static string CachedBridge() => Path.Combine(PackagesFolder(), TorchSharpPackagePath(), "runtimes", "linux-x64", "native", Bridge);

    private static string PackagesFolder() => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The TorchSharp package's folder in the cache ("torchsharp/0.107.0"), as this test's deps.json records it.</summary>
    private static string TorchSharpPackagePath()
    {
        var deps = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "VeloGrad.Tests.deps.json")))!;
        var library = deps["libraries"]!.AsObject().Single(l => l.Key.StartsWith("TorchSharp/", StringComparison.Ordinal));
        return library.Value!["path"]!.GetValue<string>();
    }
}
