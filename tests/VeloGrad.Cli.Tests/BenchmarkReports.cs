namespace VeloGrad.Cli.Tests;

/// <summary>What every benchmark test holds its folder to: velograd report writes its files again, byte for byte.</summary>
internal static class BenchmarkReports
{
    /// <summary>Deletes <paramref name="files"/> from <paramref name="output"/>; velograd report must write them again, byte for byte.</summary>
    public static void AssertRebuild(string output, string[] files)
    {
        var before = files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(output, f)));
        foreach (var f in files) File.Delete(Path.Combine(output, f));
        var (reported, reportText, reportError) = CliRun.Invoke("report", output);
        Assert.True(reported == 0, reportText + reportError);
        Assert.Contains($"Benchmark report in {output} (benchmark.md, benchmark.json, benchmark.png", reportText, StringComparison.Ordinal);
        foreach (var (f, content) in before) Assert.True(content.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(output, f))), $"{f} was not rebuilt byte for byte");
    }
}
