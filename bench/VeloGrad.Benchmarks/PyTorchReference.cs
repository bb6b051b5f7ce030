using System.Diagnostics;
using System.Text.Json;
using VeloGrad.Runtime;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Runs bench/pytorch/reference.py with Debian's python3-torch, when installed, for PyTorch baselines measured in
/// the same run (same threads, same allocator). Returns null where PyTorch is not available.
/// </summary>
internal static class PyTorchReference
{
    private const string Python = "/usr/bin/python3";

    public static JsonElement? Run(params string[] arguments)
    {
        string? script = FindScript();
        if (script is null || !File.Exists(Python)) return null;
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add(get_num_threads().ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (name, value) in NativeAllocator.SameAllocatorForChildren()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) return null; // no torch module: no baseline
        using var document = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return document.RootElement.Clone();
    }

    private static string? FindScript()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "bench", "pytorch", "reference.py");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
