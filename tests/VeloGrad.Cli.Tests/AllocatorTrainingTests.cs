using VeloGrad.Runs;
using VeloGrad.Runtime;
using VeloGrad.TestSupport;
using VeloGrad.Training.Data;

namespace VeloGrad.Cli.Tests;

/// <summary>Training under the allocator velograd starts with (apart from <see cref="AllocatorTests"/>, so that these long
/// runs go side by side with it): a re-executed process stops on Ctrl+C, and an MLP's epochs stay bounded.</summary>
public class AllocatorTrainingTests
{
    [Fact]
    public async Task The_re_executed_process_keeps_its_id_and_stops_on_ctrl_c()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "preloading is Linux's");
        Assert.SkipWhen(NativeAllocator.FindInstalled() is null, "no mimalloc is installed (apt-get install libmimalloc2.0; .ci/run does)");
        string folder = Path.Combine(Path.GetTempPath(), $"velograd-interrupt-{Guid.NewGuid():N}");
        // env restores SIGINT's default where the runner started this test with it ignored (a background job does), then execs dotnet in place.
        var start = new System.Diagnostics.ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--default-signal=INT", AllocatorTests.Dotnet, AllocatorTests.Dll, "train", "--dataset", "synthetic", "--model", "mlp", "--epochs", "50", "--out", folder }) start.ArgumentList.Add(a);
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
        CliRun.RequireFashionMnist();
        string folder = Path.Combine(Path.GetTempPath(), $"velograd-allocator-{Guid.NewGuid():N}");
        try
        {
            var (exitCode, output, error) = AllocatorTests.Velograd(new() { [NativeAllocator.ChoiceVariable] = choice, ["MALLOC_MMAP_THRESHOLD_"] = threshold },
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

    /// <summary>tcmalloc's debug build aborts on a delete that does not match its new (TorchSharp's bridge freed
    /// TorchScript's argument arrays so, before the build mended it, and jemalloc and tcmalloc crashed in most runs of
    /// Adam); Adam and SGD step through TorchScript on the CPU, VeloGrad does not.</summary>
    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    public void The_TorchScript_steps_free_what_they_allocate_as_it_was_allocated(string optimizer)
    {
        const string Debug = "/usr/lib/x86_64-linux-gnu/libtcmalloc_debug.so.4";
        Assert.SkipUnless(File.Exists(Debug), $"tcmalloc's debug build is not installed at {Debug} (apt-get install libgoogle-perftools4; .ci/run does)");
        string folder = Path.Combine(Path.GetTempPath(), $"velograd-delete-{Guid.NewGuid():N}");
        try
        {
            // Its queue of freed blocks (kept to catch writes after free) slows every allocation; mismatches are caught without it.
            var (exitCode, output, error) = AllocatorTests.Velograd(new() { [NativeAllocator.ChoiceVariable] = Debug, ["TCMALLOC_MAX_FREE_QUEUE_SIZE"] = "0" },
                "train", "--dataset", "synthetic", "--model", "mlp", "--optimizer", optimizer, "--train-limit", "64", "--test-limit", "32", "--batch-size", "32",
                "--epochs", "1", "--out", folder);
            Assert.True(exitCode == 0, $"exit {exitCode}: {output}{error}");
            Assert.DoesNotContain("mismatch", error, StringComparison.Ordinal);
            Assert.Contains("tcmalloc", RunHistory.Load(Path.Combine(folder, RunHistory.JsonFileName)).Environment.Allocator, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
