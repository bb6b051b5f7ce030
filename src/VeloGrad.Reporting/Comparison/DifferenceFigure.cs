namespace VeloGrad.Reporting.Comparison;

/// <summary>
/// What the analysis claims, drawn: the subject's final advantage over each baseline (accuracy points above it, or, for
/// a model that is its own loss, evaluation loss below it), a bar per baseline with its 95 % confidence interval as the
/// error bar — the paired one over the seeds both ran where the runs pair (every optimizer runs on the same seeds, so a
/// difference belongs to a seed), Welch's where they do not, none with one seed a side.
/// </summary>
public static class DifferenceFigure
{
    public const int Width = SignedBars.Width, Height = SignedBars.Height;

    public static void SavePng(ComparisonAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        bool byLoss = analysis.EvaluationLossReductions is not null;
        var differences = analysis.EvaluationLossReductions ?? analysis.AccuracyImprovements;
        var halves = differences.Select(HalfWidth).ToList();
        // A bar without an error bar says why, under its name (a side with one seed has no interval to draw).
        var plot = SignedBars.Plot([.. differences.Select((d, i) => (halves[i].Kind is null ? $"vs {d.Baseline}\n(no CI: {Counted.Of(Math.Min(d.SubjectSeeds, d.BaselineSeeds), "seed")} a side)" : $"vs {d.Baseline}", d.Absolute, halves[i].HalfWidth))]);
        var intervals = halves.Select(h => h.Kind).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        string split = analysis.EvaluatedOn == TrainingConfig.ValidationSplitName ? "validation split" : "test set";
        string interval = intervals.Count == 0 ? "one seed a side: no interval" : $"{string.Join(" and ", intervals)} 95 % CI";
        plot.Title(byLoss
            ? $"{analysis.Subject}'s final evaluation loss below each baseline's ({split}; {interval})"
            : $"{analysis.Subject}'s final accuracy above each baseline's ({split}; {interval})");
        plot.YLabel(byLoss ? $"each baseline's loss − {analysis.Subject}'s (above 0: {analysis.Subject} lower)" : $"{analysis.Subject}'s accuracy − each baseline's (points)");
        SignedBars.Save(plot, path);
    }

    /// <summary>Half the 95 % interval: paired where the runs pair, else Welch's; none with one seed a side.</summary>
    public static (double HalfWidth, string? Kind) HalfWidth(ComparisonAnalysis.Difference d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Paired is { } paired) return ((paired.High95 - paired.Low95) / 2, "paired");
        if (d.Low95 is double low && d.High95 is double high) return ((high - low) / 2, "Welch's");
        return (0, null);
    }
}
