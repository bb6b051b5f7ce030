
namespace VeloGrad.Reporting.Comparison;

/// <summary>Writes every output of a comparison from its runs: comparison.md/.csv/.png, analysis.md/.json and
/// differences.png (the analysis's differences with their paired confidence intervals; with one optimizer, none).
/// The same runs give the same files, byte for byte.</summary>
public static class ReportWriter
{
    public const string TableMarkdown = ExperimentFolder.ComparisonTableMarkdown, TableCsv = ExperimentFolder.ComparisonTableCsv,
        Figure = ExperimentFolder.ComparisonFigure, Differences = ExperimentFolder.DifferenceFigure, AnalysisMarkdown = ExperimentFolder.ComparisonAnalysisMarkdown, AnalysisJson = ExperimentFolder.ComparisonAnalysisJson;

    public static IReadOnlyList<string> Files => [TableMarkdown, TableCsv, Figure, Differences, AnalysisMarkdown, AnalysisJson];

    /// <summary>Writes the outputs into <paramref name="folder"/>; returns the table as text for the terminal.</summary>
    public static string Write(ComparisonSet set, string folder, double target = ComparisonAnalysis.DefaultTarget)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Optimizers.Count == 0)
            throw new InvalidOperationException($"No completed run in {string.Join(", ", set.Sources)}: nothing to report.");
        Directory.CreateDirectory(folder);
        var analysis = ComparisonAnalysis.Of(set, target);
        var leftOut = set.Unfinished.Select(r => $"- {r.Optimizer}, seed {r.Seed}: {SettingNames.Of(r.History.Status)}{(r.History.Message is null ? "" : $" — {r.History.Message}")}")
            .Concat(set.NotRun.Select(r => $"- {r.Optimizer}, seed {r.Seed}: not run (planned, no history)")).ToList();
        string unfinished = leftOut.Count == 0 ? "" : "\nRuns left out (not completed):\n" + string.Join("\n", leftOut) + "\n";
        AtomicFile.WriteAllText(Path.Combine(folder, TableMarkdown), "# Final performance comparison\n\n" + ComparisonTable.Markdown(set) + unfinished);
        AtomicFile.WriteAllText(Path.Combine(folder, TableCsv), ComparisonTable.Csv(set));
        ComparisonFigure.SavePng(set, Path.Combine(folder, Figure));
        if (set.Baselines.Any()) DifferenceFigure.SavePng(analysis, Path.Combine(folder, Differences));
        AtomicFile.WriteAllText(Path.Combine(folder, AnalysisMarkdown), analysis.ToMarkdown() + unfinished);
        AtomicFile.WriteAllText(Path.Combine(folder, AnalysisJson), analysis.ToJson());
        return ComparisonTable.Text(set) + unfinished;
    }
}
