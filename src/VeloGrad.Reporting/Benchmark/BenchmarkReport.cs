namespace VeloGrad.Reporting.Benchmark;

/// <summary>Writes benchmark.md, benchmark.json and benchmark.png into a benchmark folder, and deepobs.png where it holds
/// DeepOBS problems.</summary>
public static class BenchmarkReport
{
    public static AnalysisFiles Files => ExperimentFolder.BenchmarkReport;

    public static void Write(BenchmarkAnalysis analysis, string folder)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        Files.Write(folder, analysis.ToMarkdown(), analysis.ToJson(), path => BenchmarkFigure.SavePng(analysis, path));
        string deepObs = Path.Combine(folder, DeepObsFigure.FileName);
        if (analysis.DeepObs.Count > 0) DeepObsFigure.SavePng(analysis.DeepObs, deepObs);
        else File.Delete(deepObs);
    }
}
