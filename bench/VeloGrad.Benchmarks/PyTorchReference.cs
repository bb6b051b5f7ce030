using System.Diagnostics;
using System.Text.Json;
using VeloGrad.Runtime;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Runs a script of bench/pytorch (reference.py unless named) with Debian's python3-torch, when installed, for
/// PyTorch baselines measured in the same run (same threads, same allocator). Returns null where PyTorch (or what
/// the script imports) is not available, saying why on the error stream when the script ran and failed.
/// </summary>
internal static class PyTorchReference
{
    private const string Python = "/usr/bin/python3";

    public static JsonElement? Run(params string[] arguments) => RunScript("reference.py", arguments);

    public static JsonElement? RunScript(string name, params string[] arguments)
    {
        string? script = FindScript(name);
        if (script is null || !File.Exists(Python)) return null;
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add(get_num_threads().ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (variable, value) in NativeAllocator.SameAllocatorForChildren()) start.Environment[variable] = value;
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) // no torch module: no baseline
        {
            if (name != "reference.py") Console.Error.WriteLine($"({name} failed: {errors.Trim().Split('\n')[^1]})");
            return null;
        }
        using var document = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return document.RootElement.Clone();
    }

    private static string? FindScript(string name)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "bench", "pytorch", name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
