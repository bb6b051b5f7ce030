using VeloGrad.Reporting.Ablation;
using VeloGrad.Reporting.Benchmark;
using VeloGrad.Reporting.Comparison;

namespace VeloGrad.Training.Experiments;

/// <summary>The reports an experiment writes and says once its runs have run: the comparison's tables, figure and
/// analysis, an ablation's contributions, and a benchmark's judgement across workloads.</summary>
public static class ExperimentReports
{
    /// <summary>The table, figure and analysis of the folder's completed runs, when there are any.</summary>
    public static void Comparison(ExperimentFolder folder, TextWriter o, double target = ComparisonAnalysis.DefaultTarget)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(o);
        var set = ComparisonSet.Load([folder.Path]);
        if (set.Optimizers.Count == 0) return;
        o.WriteLine();
        o.WriteLine("FINAL PERFORMANCE COMPARISON");
        o.Write(ReportWriter.Write(set, folder.Path, target));
        o.WriteLine($"Tables, figure and analysis in {folder} ({string.Join(", ", ReportWriter.Files)}).");
    }

    /// <summary>The comparison outputs of every variant, and the ablation's.</summary>
    public static void Ablation(ExperimentFolder folder, TextWriter o, double target)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(o);
        Comparison(folder, o, target);
        var set = ComparisonSet.Load([folder.Path]);
        if (!AblationAnalysis.Applies(set)) return;
        var analysis = AblationAnalysis.Of(set);
        AblationReport.Write(analysis, folder.Path);
        o.WriteLine();
        o.WriteLine("ABLATION (full VeloGrad − without the part, final accuracy)");
        foreach (var sentence in analysis.Sentences) o.WriteLine($"  {sentence}");
        o.WriteLine($"Ablation report in {folder} ({AblationReport.Files}).");
    }

    /// <summary>benchmark.md/.json/.png (and deepobs.png) from the workloads' runs, and its sentences.</summary>
    public static void Benchmark(BenchmarkPlan plan, ExperimentFolder folder, TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(o);
        var analysis = BenchmarkAnalysis.Load(plan, folder.Path);
        var written = BenchmarkReport.Write(analysis, folder.Path);
        o.WriteLine();
        o.WriteLine("BENCHMARK ACROSS WORKLOADS");
        foreach (var sentence in analysis.Sentences) o.WriteLine($"  {sentence}");
        o.WriteLine($"Benchmark report in {folder} ({string.Join(", ", written)}).");
    }
}
