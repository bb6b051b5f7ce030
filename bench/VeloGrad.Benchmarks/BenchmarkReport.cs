using System.Runtime.InteropServices;
using System.Text.Json;

namespace VeloGrad.Benchmarks;

/// <summary>Writes a benchmark's figures as JSON, with the machine they were measured on, atomically.</summary>
internal static class BenchmarkReport
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static void Write(string path, string benchmark, object figures)
    {
        var report = new
        {
            benchmark,
            measuredAt = DateTimeOffset.UtcNow,
            machine = new
            {
                os = RuntimeInformation.OSDescription,
                cores = Environment.ProcessorCount,
                runtime = RuntimeInformation.FrameworkDescription,
                torchSharp = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(),
            },
            figures,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(report, Options));
        File.Move(temporary, path, overwrite: true);
        Console.WriteLine($"Wrote {path}");
    }
}
