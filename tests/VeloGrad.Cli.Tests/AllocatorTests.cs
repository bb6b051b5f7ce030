using VeloGrad.Runs;
using VeloGrad.Runtime;
using VeloGrad.TestSupport;
using VeloGrad.Training.Data;

namespace VeloGrad.Cli.Tests;

/// <summary>
/// The allocator velograd starts with, in processes of their own (Program.cs chooses it before anything else): an
/// installed replacement is preloaded by re-executing, and an MLP's epoch on Fashion-MNIST stays bounded where glibc
/// 2.36 left to itself grows by gigabytes (glibc bug 14581).
/// </summary>
public class AllocatorTests
{
    internal static readonly string Dll = Path.Combine(Path.GetDirectoryName(typeof(VelogradCommandLine).Assembly.Location)!, "VeloGrad.Cli.dll");
    internal static readonly string Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    internal static (int ExitCode, string Output, string Error) Velograd(Dictionary<string, string?> environment, params string[] arguments)
    {
        environment.TryAdd(NativeAllocator.ChoiceVariable, null);
        environment.TryAdd("MALLOC_MMAP_THRESHOLD_", null);
        return ChildProcess.Start(Dotnet, [Dll, .. arguments], Path.GetTempPath(), environment);
    }

    [Fact]
    public void An_installed_replacement_is_preloaded_and_named_by_info()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "preloading is Linux's");
        var installed = NativeAllocator.Installed().FirstOrDefault(r => r.Auto);
        Assert.SkipWhen(installed.Path is null, "no mimalloc is installed (apt-get install libmimalloc2.0; .ci/run does)");

        var (exitCode, output, error) = Velograd([], "info");

        Assert.Equal(0, exitCode);
        Assert.Contains($"allocator        {installed.Name} (", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public void System_on_an_affected_glibc_warns_that_it_fragments()
    {
        Assert.SkipUnless(NativeAllocator.GlibcVersion() is { } glibc && glibc < new Version(2, 38), "only glibc before 2.38 fragments");

        var (exitCode, output, error) = Velograd(new() { [NativeAllocator.ChoiceVariable] = "system" }, "info");

        Assert.Equal(0, exitCode);
        Assert.Contains("(mmap threshold rising by itself) — fragments under libtorch", output, StringComparison.Ordinal);
        Assert.Contains("malloc fragments under libtorch's aligned allocations", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative/lib.so", "is neither auto, system nor an absolute path")]
    [InlineData("/nonexistent/libmimalloc.so.2", "names /nonexistent/libmimalloc.so.2, which does not exist")]
    [InlineData("/usr/lib/x86_64-linux-gnu/libz.so.1", "names /usr/lib/x86_64-linux-gnu/libz.so.1, which defines no malloc and free of its own: it is not an allocator")]
    public void A_choice_that_cannot_be_used_is_refused_in_words(string choice, string message)
    {
        Assert.SkipWhen(choice.Contains("libz", StringComparison.Ordinal) && !File.Exists(choice), $"{choice} is not on this machine (Debian x86-64's zlib stands for a library that is not an allocator).");
        var (exitCode, output, error) = Velograd(new() { [NativeAllocator.ChoiceVariable] = choice }, "info");

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("Set VELOGRAD_ALLOCATOR to auto", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_that_cannot_be_preloaded_is_said_and_the_command_still_runs()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "preloading is Linux's");
        string notALibrary = Path.Combine(Path.GetTempPath(), $"velograd-not-a-library-{Guid.NewGuid():N}.so");
        File.WriteAllText(notALibrary, "not an ELF file");
        try
        {
            var (exitCode, output, error) = Velograd(new() { [NativeAllocator.ChoiceVariable] = notALibrary }, "info");

            Assert.Equal(0, exitCode);
            Assert.Contains($"warning: {notALibrary} could not be preloaded", error, StringComparison.Ordinal);
            Assert.Contains("allocator        glibc", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notALibrary);
        }
    }
}
