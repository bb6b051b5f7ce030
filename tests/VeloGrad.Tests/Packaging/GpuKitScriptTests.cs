using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using static VeloGrad.TestSupport.ChildProcess;

namespace VeloGrad.Tests.Packaging;

/// <summary>
/// bench/gpu/gpu-run.sh, the one call that measures everything on a lent GPU machine, which returns at most 8 files
/// from OUT, none deeper than two folders, within a 10-minute limit: run here on a kit whose starter (run.sh) is a
/// stand-in that answers each program as the real ones write their files, so what is tested is the script itself:
/// its order, its deadline and timeouts, and that everything so far is packed after every step.
/// </summary>
public sealed class GpuKitScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("velograd-kit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A kit with the real gpu-run.sh and goals.py and a stand-in starter.</summary>
    private string Kit()
    {
        string kit = Path.Combine(_folder, "kit"), gpu = Path.Combine(RepositoryRoot(), "bench", "gpu");
        Directory.CreateDirectory(kit);
        foreach (var name in new[] { "gpu-run.sh", "goals.py" }) File.Copy(Path.Combine(gpu, name), Path.Combine(kit, name));
        File.WriteAllText(Path.Combine(kit, "commit"), "0123abc\n");
        File.WriteAllText(Path.Combine(kit, "run.sh"), """
            #!/usr/bin/env bash
            # Stand-in for the kit's starter: answers as velograd, the benchmarks and the tests do, writing their files.
            json() { for ((i = 1; i <= $#; i++)); do [ "${!i}" = --json ] && { j=$((i + 1)); echo "${!j}"; }; done; }
            case "$*" in
              "velograd info") [ -n "${STUB_REFUSE:-}" ] && { echo "error: $STUB_REFUSE" >&2; exit 1; }; echo "CUDA             available, 1 device(s)";;
              *optimizer-step*) echo '{"figures":{"results":[{"optimizer":"VeloGrad","medianMs":0.8},{"optimizer":"Adam/foreach","medianMs":0.6}]}}' > "$(json "$@")"; echo "VeloGrad 0.8 ms";;
              *training-loop*) [ -n "${STUB_HANG:-}" ] && sleep 600; echo '{"figures":{"loops":[{"optimizer":"VeloGrad","imagesPerSecond":9000},{"optimizer":"Adam","imagesPerSecond":9500}]}}' > "$(json "$@")";;
              *"velograd train"*) args="$*"; out=${args##*--out }; mkdir -p "$out"; echo '{"config":{"train_limit":12800},"epochs":[{"epoch":1,"val_acc":76.1,"epoch_time":12.5}]}' > "$out/history.json"
                 : > "$out/checkpoint.bin"; : > "$out/.lock"; echo "test accuracy 76.10 %";;
              *step-overhead*) echo '{"figures":{}}' > "$(json "$@")";;
              *.Tests.dll*) echo "   VeloGrad.Tests  Total: 9, Errors: 0, Failed: 0, Skipped: 0, Not Run: 0, Time: 1s";;
              *) echo "unexpected: $*" >&2; exit 2;;
            esac
            """);
        return kit;
    }

    private (int ExitCode, string Output, TimeSpan Took) RunScript(string kit, string output, params (string Name, string? Value)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Name, e => e.Value);
        variables["TORCH_LIB"] = _folder; // the libtorch folder is named, so nothing asks python3's PyTorch
        var clock = Stopwatch.StartNew();
        var (exitCode, stdout, stderr) = Start("bash", [Path.Combine(kit, "gpu-run.sh"), output], _folder, variables);
        return (exitCode, stdout + stderr, clock.Elapsed);
    }

    private static Dictionary<string, string> Archive(string output)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(output, "velograd-gpu.tar.gz")), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var files = new Dictionary<string, string>();
        while (tar.GetNextEntry() is { } entry)
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                using var reader = entry.DataStream is null ? null : new StreamReader(entry.DataStream); // none for an empty file
                files[entry.Name.TrimStart('.', '/')] = reader?.ReadToEnd() ?? "";
            }
        return files;
    }

    [Fact]
    public void Every_figure_comes_back_in_two_files_the_goals_beside_them_and_no_checkpoints()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the kit's scripts are bash, for Linux GPU machines");
        string output = Path.Combine(_folder, "out");
        var (exitCode, log, _) = RunScript(Kit(), output);
        Assert.True(exitCode == 0, log);

        Assert.Equal(["summary.txt", "velograd-gpu.tar.gz"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName).Order());
        var files = Archive(output);
        foreach (var name in new[] { "info.txt", "optimizer-step.json", "training-loop.json", "train-float32/history.json", "train-float16/history.json",
                     "train-bfloat16/history.json", "step-overhead.json", "tests-VeloGrad.Tests.txt", "tests-VeloGrad.Training.Tests.txt", "goals.json", "summary.txt" })
            Assert.True(files.ContainsKey(name), $"{name} is not in the archive: {string.Join(", ", files.Keys.Order())}");
        Assert.DoesNotContain(files.Keys, name => name.Contains("checkpoint", StringComparison.Ordinal) || name.EndsWith(".lock", StringComparison.Ordinal));

        string summary = File.ReadAllText(Path.Combine(output, "summary.txt"));
        // The figures that matter first, the tests last.
        Assert.True(summary.IndexOf("== optimizer-step", StringComparison.Ordinal) < summary.IndexOf("== training-loop", StringComparison.Ordinal)
            && summary.IndexOf("== training-loop", StringComparison.Ordinal) < summary.IndexOf("== train-float32", StringComparison.Ordinal)
            && summary.IndexOf("== train-bfloat16", StringComparison.Ordinal) < summary.IndexOf("== tests-VeloGrad.Tests", StringComparison.Ordinal), summary);
        Assert.Contains("Total: 9, Errors: 0, Failed: 0", summary, StringComparison.Ordinal);
        // Each figure beside its goal: the stand-in's VeloGrad step (0.8 ms) meets ≤ 1.0, its Adam (0.6 ms) misses ≤ 0.5.
        Assert.Matches(@"VeloGrad step on ResNet-18's parameters \(Auto\) +0\.800 ms +goal <= 1\.0 +met", summary);
        Assert.Matches(@"Adam/foreach step +0\.600 ms +goal <= 0\.5 +MISSED", summary);
        Assert.Matches(@"VeloGrad epoch / Adam epoch float32 +1\.056 x +goal <= 1\.10 +met", summary);
        Assert.Matches(@"parity: one epoch, float16, test accuracy +76\.10 %", summary);
    }

    [Fact]
    public void A_step_that_hangs_is_cut_at_the_deadline_and_what_came_before_still_comes_back()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the kit's scripts are bash, for Linux GPU machines");
        string output = Path.Combine(_folder, "out");
        // A short deadline, little of it kept back: the hanging step gets what is left, about 10 s.
        var (exitCode, log, took) = RunScript(Kit(), output, ("STUB_HANG", "1"), ("VELOGRAD_GPU_DEADLINE", "16"),
            ("VELOGRAD_GPU_RESERVE", "3"), ("VELOGRAD_GPU_MIN_STEP", "5"));
        Assert.True(exitCode == 0, log);
        Assert.True(took < TimeSpan.FromSeconds(16 + 10), $"the run took {took}, past its 16-second deadline (and the 10 s a step has to stop)");

        string summary = File.ReadAllText(Path.Combine(output, "summary.txt"));
        Assert.Contains("== training-loop (limit", summary, StringComparison.Ordinal);
        Assert.Contains("TIMED OUT", summary, StringComparison.Ordinal);
        Assert.Contains("== tests-VeloGrad.Tests: skipped, the overall deadline is near", summary, StringComparison.Ordinal);
        Assert.True(Archive(output).ContainsKey("optimizer-step.json"), "the step measured before the hang did not come back");
    }

    [Fact]
    public void A_libtorch_that_cannot_work_stops_the_run_at_once_with_the_reason()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the kit's scripts are bash, for Linux GPU machines");
        string output = Path.Combine(_folder, "out");
        string refusal = "VELOGRAD_TORCH_LIB=/x: '/x' holds libtorch 1.13.0a0, but TorchSharp 0.107.0 was built for libtorch 2.10.0";
        var (exitCode, log, _) = RunScript(Kit(), output, ("STUB_REFUSE", refusal));
        Assert.Equal(1, exitCode);
        string summary = File.ReadAllText(Path.Combine(output, "summary.txt"));
        Assert.Contains(refusal, summary, StringComparison.Ordinal);
        Assert.Contains("nothing else can run without it: stopping", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("== optimizer-step", summary, StringComparison.Ordinal);
    }
}
