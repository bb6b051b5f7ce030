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
    private static readonly string Dll = Path.Combine(Path.GetDirectoryName(typeof(VelogradCommandLine).Assembly.Location)!, "VeloGrad.Cli.dll");
    private static readonly string Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static (int ExitCode, string Output, string Error) Velograd(Dictionary<string, string?> environment, params string[] arguments)
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

    [Fact]
    public async Task The_re_executed_process_keeps_its_id_and_stops_on_ctrl_c()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "preloading is Linux's");
        Assert.SkipWhen(NativeAllocator.FindInstalled() is null, "no mimalloc is installed (apt-get install libmimalloc2.0; .ci/run does)");
        string folder = Path.Combine(Path.GetTempPath(), $"velograd-interrupt-{Guid.NewGuid():N}");
        // env restores SIGINT's default where the runner started this test with it ignored (a background job does), then execs dotnet in place.
        var start = new System.Diagnostics.ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--default-signal=INT", Dotnet, Dll, "train", "--dataset", "synthetic", "--model", "mlp", "--epochs", "50", "--out", folder }) start.ArgumentList.Add(a);
        start.Environment.Remove(NativeAllocator.ChoiceVariable);
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            // The first progress line: the process (same id) runs training on the preloaded allocator.
            string? line;
            do line = process.StandardOutput.ReadLine(); while (line is not null && !line.Contains("epoch 1/50", StringComparison.Ordinal));
            Assert.NotNull(line);
            string status = File.ReadAllText($"/proc/{process.Id}/status");
            ulong ignored = Convert.ToUInt64(status.Split('\n').First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))[7..].Trim(), 16);
            Assert.True((ignored & (1UL << 1)) == 0, "SIGINT is ignored in the child: env --default-signal did not restore it");
            Assert.Contains(Path.GetFileName(NativeAllocator.FindInstalled()!).Split(".so")[0], File.ReadAllText($"/proc/{process.Id}/maps"), StringComparison.Ordinal);

            System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the run did not stop on SIGINT");
            string errors = await error;
            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {errors}");
            Assert.Equal(RunStatus.Interrupted, RunHistory.Load(Path.Combine(folder, RunHistory.JsonFileName)).Status);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Epochs of DeepOBS's MLP on Fashion-MNIST (28×28) with Adam, the last one's peak as the history records it.
    /// Bounded, the process holds ≈ 0.5 GB. glibc 2.36 left to itself grew with every epoch (≈ 1.9 GB after one epoch on
    /// all 60,000 images, ≈ 3.4 GB after two) while Adam was TorchSharp's, whose step makes about ten temporaries the size
    /// of each parameter; through libtorch's fused kernel it makes none, and two whole epochs on glibc as it comes stay
    /// under the bound too: the case that would show an optimizer allocating per step again.</summary>
    [Theory]
    [InlineData("auto", null, 12_000, 1)]
    [InlineData("system", "131072", 12_000, 1)] // what auto does where no replacement is installed
    [InlineData("system", null, 60_000, 2)]
    public void An_mlp_epoch_on_fashion_mnist_stays_bounded_whichever_allocator(string choice, string? threshold, int images, int epochs)
    {
        Assert.SkipUnless(FashionMnist.IsPresent(FashionMnist.DebianFolder), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist; .ci/run does).");
        string folder = Path.Combine(Path.GetTempPath(), $"velograd-allocator-{Guid.NewGuid():N}");
        try
        {
            var (exitCode, output, error) = Velograd(new() { [NativeAllocator.ChoiceVariable] = choice, ["MALLOC_MMAP_THRESHOLD_"] = threshold },
                "train", "--dataset", "fashion-mnist", "--model", "mlp", "--optimizer", "adam", "--train-limit", images.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--test-limit", "500", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", folder);
            Assert.True(exitCode == 0, output + error);

            var history = RunHistory.Load(Path.Combine(folder, RunHistory.JsonFileName));
            double peak = history.Epochs[^1].PeakResidentMb ?? throw new InvalidOperationException("no peak recorded");
            Assert.NotNull(history.Environment.Allocator);
            const double Bound = 1_500;
            Assert.True(peak < Bound, $"{history.Environment.Allocator}: the epoch peaked at {peak:F0} MB");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
