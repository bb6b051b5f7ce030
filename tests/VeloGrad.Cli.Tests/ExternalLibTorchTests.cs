using System.Diagnostics;
using VeloGrad.Runtime;

namespace VeloGrad.Cli.Tests;

/// <summary>Running on an installed libtorch (VELOGRAD_TORCH_LIB) instead of TorchSharp's natives: a copy of the
/// program without any libtorch runs on one found elsewhere, and says which it runs on.</summary>
public sealed class ExternalLibTorchTests : WithTemporaryFolder
{
    private static string Built => Path.GetDirectoryName(typeof(VelogradCommandLine).Assembly.Location)!;

    private static string Natives(string folder) => Path.Combine(folder, "runtimes", "linux-x64", "native");

    /// <summary>The program without libtorch (TorchSharp's bridge, libLibTorchSharp.so, stays: it is the binding).</summary>
    private string ProgramWithoutLibTorch()
    {
        string app = Path.Combine(Folder, "app");
        foreach (var file in Directory.GetFiles(Built, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Built, file), name = Path.GetFileName(file);
            if (name.StartsWith("lib", StringComparison.Ordinal) && name.Contains(".so", StringComparison.Ordinal)
                && name is not ("libLibTorchSharp.so" or "libSkiaSharp.so" or "libHarfBuzzSharp.so")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(app, relative))!);
            File.Copy(file, Path.Combine(app, relative));
        }
        return app;
    }

    private static (int ExitCode, string Output) Run(string app, string? torchLib, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(app, "VeloGrad.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment[LibTorch.FolderVariable] = torchLib;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    [Fact]
    public void A_program_without_libtorch_runs_on_the_folder_VELOGRAD_TORCH_LIB_names_and_says_which()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && Directory.Exists(Natives(Built)), "the natives layout checked here is Linux x64's");
        // An installation elsewhere on the machine: here, the libtorch natives this build was given, moved out of it.
        string installed = Path.Combine(Folder, "torch", "lib");
        Directory.CreateDirectory(installed);
        foreach (var file in Directory.GetFiles(Natives(Built), "lib*.so*").Where(f => !Path.GetFileName(f).Contains("Sharp", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(installed, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(Folder, "torch", "version.py"), $"__version__ = '{LibTorch.BuiltFor}+test'\n");
        string app = ProgramWithoutLibTorch();

        var (without, whyNot) = Run(app, null, "train", "--dataset", "synthetic", "--epochs", "1", "--train-limit", "64", "--test-limit", "32", "--out", Path.Combine(Folder, "r0"));
        Assert.True(without != 0, $"the copy trained without any libtorch, so the test proves nothing:\n{whyNot}");

        var (exitCode, output) = Run(app, installed, "info");
        Assert.True(exitCode == 0, output);
        Assert.Contains($"libtorch         {LibTorch.BuiltFor}+test from {installed}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", output, StringComparison.Ordinal);
        var (trained, log) = Run(app, installed, "train", "--dataset", "synthetic", "--epochs", "1", "--train-limit", "64", "--test-limit", "32", "--out", Path.Combine(Folder, "r1"));
        Assert.True(trained == 0, log);
    }

    [Fact]
    public void Another_libtorch_version_is_named_beside_the_one_TorchSharp_was_built_for()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && Directory.Exists(Natives(Built)), "the natives layout checked here is Linux x64's");
        string installed = Path.Combine(Folder, "site-packages", "torch", "lib");
        Directory.CreateDirectory(installed);
        foreach (var file in Directory.GetFiles(Natives(Built), "lib*.so*").Where(f => !Path.GetFileName(f).Contains("Sharp", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(installed, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(Folder, "site-packages", "torch", "version.py"), "__version__ = '2.11.0+cu130'\n");
        var (exitCode, output) = Run(ProgramWithoutLibTorch(), installed, "info");
        Assert.True(exitCode == 0, output);
        Assert.Contains($"warning: libtorch 2.11.0+cu130 is loaded (from {installed}), but TorchSharp 0.107.0 was built for libtorch {LibTorch.BuiltFor}.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_libtorch_is_refused_before_it_loads_naming_both_versions()
    {
        // Debian's PyTorch 1.13 as it lays itself out: torch/version.py beside torch/lib. The library is an empty file,
        // so loading it would fail with a loader error, not this sentence: the version is read before anything loads.
        string installed = Path.Combine(Folder, "dist-packages", "torch", "lib");
        Directory.CreateDirectory(installed);
        File.WriteAllText(Path.Combine(installed, "libtorch_cpu.so"), "");
        File.WriteAllText(Path.Combine(Folder, "dist-packages", "torch", "version.py"), "__version__ = '1.13.0a0'\n");
        var (exitCode, output) = Run(Built, installed, "info");
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: {LibTorch.FolderVariable}={installed}: '{installed}' holds libtorch 1.13.0a0, but TorchSharp 0.107.0 was built for libtorch {LibTorch.BuiltFor} and needs {string.Join(".", LibTorch.BuiltFor.Split(".").Take(2))} or a later 2.x", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_version_file_the_version_is_read_from_the_librarys_soname()
    {
        // A system libtorch (Debian's /usr/lib/x86_64-linux-gnu): libtorch_cpu.so links to libtorch_cpu.so.1.13.0.
        string installed = Path.Combine(Folder, "system", "lib");
        Directory.CreateDirectory(installed);
        File.WriteAllText(Path.Combine(installed, "libtorch_cpu.so.1.13.0"), "");
        File.CreateSymbolicLink(Path.Combine(installed, "libtorch_cpu.so"), "libtorch_cpu.so.1.13.0");
        var (exitCode, output) = Run(Built, installed, "info");
        Assert.Equal(1, exitCode);
        Assert.Contains("holds libtorch 1.13.0, but TorchSharp", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_libtorch_is_refused_naming_the_setting_and_the_fix()
    {
        var (exitCode, output) = Run(Built, Path.Combine(Folder, "nowhere"), "info");
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: {LibTorch.FolderVariable}={Path.Combine(Folder, "nowhere")}: ", output, StringComparison.Ordinal);
        Assert.Contains("holds no libtorch_cpu.so", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }
}
