using VeloGrad.Reporting.Ablation;
using VeloGrad.Reporting.Benchmark;
using VeloGrad.Reporting.Comparison;

namespace VeloGrad.Cli.Commands;

/// <summary>The reports an experiment command writes and prints once its runs have run: the comparison's tables,
/// figure and analysis, an ablation's contributions, and a benchmark's judgement across workloads.</summary>
internal static class ExperimentReports
{
    /// <summary>The table, figure and analysis of the folder's completed runs, when there are any.</summary>
    public static void Comparison(string folder, TextWriter o, double target = ComparisonAnalysis.DefaultTarget)
    {
        ArgumentNullException.ThrowIfNull(o);
        var set = ComparisonSet.Load([folder]);
        if (set.Optimizers.Count == 0) return;
        o.WriteLine();
        o.WriteLine("FINAL PERFORMANCE COMPARISON");
        o.Write(ReportWriter.Write(set, folder, target));
        o.WriteLine($"Tables, figure and analysis in {folder} ({string.Join(", ", ReportWriter.Files)}).");
    }

    /// <summary>The comparison outputs of every variant, and the ablation's.</summary>
    public static void Ablation(string folder, TextWriter o, double target)
    {
        ArgumentNullException.ThrowIfNull(o);
        Comparison(folder, o, target);
        var set = ComparisonSet.Load([folder]);
        if (!AblationAnalysis.Applies(set)) return;
        var analysis = AblationAnalysis.Of(set);
        AblationReport.Write(analysis, folder);
        o.WriteLine();
        o.WriteLine("ABLATION (full VeloGrad − without the part, final accuracy)");
        foreach (var sentence in analysis.Sentences) o.WriteLine($"  {sentence}");
        o.WriteLine($"Ablation report in {folder} ({AblationReport.Files}).");
    }

    /// <summary>benchmark.md/.json/.png from the workloads' runs, and its sentences.</summary>
    public static void Benchmark(BenchmarkPlan plan, string folder, TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var analysis = BenchmarkAnalysis.Load(plan, folder);
        BenchmarkReport.Write(analysis, folder);
        o.WriteLine();
        o.WriteLine("BENCHMARK ACROSS WORKLOADS");
        foreach (var sentence in analysis.Sentences) o.WriteLine($"  {sentence}");
        o.WriteLine($"Benchmark report in {folder} ({BenchmarkReport.Files}).");
    }
}
