namespace VeloGrad.Reporting.Benchmark;

/// <summary>Writes benchmark.md, benchmark.json and benchmark.png into a benchmark folder, and deepobs.png where it holds
/// DeepOBS problems.</summary>
public static class BenchmarkReport
{
    public static AnalysisFiles Files => ExperimentFolder.BenchmarkReport;

    /// <returns>The names of the files written, for the line that points a reader to them.</returns>
    public static IReadOnlyList<string> Write(BenchmarkAnalysis analysis, string folder)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        Files.Write(folder, analysis.ToMarkdown(), analysis.ToJson(), path => BenchmarkFigure.SavePng(analysis, path));
        string deepObs = Path.Combine(folder, DeepObsFigure.FileName);
        if (analysis.DeepObs.Count == 0)
        {
            File.Delete(deepObs);
            return Files.All;
        }
        DeepObsFigure.SavePng(analysis.DeepObs, deepObs);
        return [.. Files.All, DeepObsFigure.FileName];
    }
}
