using ScottPlot;

namespace VeloGrad.Reporting.Comparison;

/// <summary>
/// What the analysis claims, drawn: the subject's final advantage over each baseline (accuracy points above it, or, for
/// a model that is its own loss, evaluation loss below it), a bar per baseline with its 95 % confidence interval as the
/// error bar — the paired one over the seeds both ran where the runs pair (every optimizer runs on the same seeds, so a
/// difference belongs to a seed), Welch's where they do not, none with one seed a side.
/// </summary>
public static class DifferenceFigure
{
    public const int Width = 2400, Height = 1500;

    public static void SavePng(ComparisonAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        PlotFonts.Register();
        var plot = new Plot { ScaleFactor = 2.5f };
        var palette = new ScottPlot.Palettes.Category10();
        bool byLoss = analysis.EvaluationLossReductions is not null;
        var differences = analysis.EvaluationLossReductions ?? analysis.AccuracyImprovements;
        var bars = new List<Bar>();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var intervals = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < differences.Count; i++)
        {
            var d = differences[i];
            var (half, kind) = HalfWidth(d);
            if (kind is not null) intervals.Add(kind);
            bars.Add(new Bar
            {
                Position = i,
                Value = d.Absolute,
                Error = half,
                FillColor = d.Absolute >= 0 ? palette.GetColor(0) : palette.GetColor(3),
            });
            ticks.AddMajor(i, $"vs {d.Baseline}");
        }
        plot.Add.Bars(bars);
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.Axes.Bottom.TickGenerator = ticks;
        string split = analysis.EvaluatedOn == TrainingConfig.ValidationSplitName ? "validation split" : "test set";
        string interval = intervals.Count == 0 ? "one seed a side: no interval" : $"{string.Join(" and ", intervals.Order(StringComparer.Ordinal))} 95 % CI";
        plot.Title(byLoss
            ? $"{analysis.Subject}'s final evaluation loss below each baseline's ({split}; {interval})"
            : $"{analysis.Subject}'s final accuracy above each baseline's ({split}; {interval})");
        plot.YLabel(byLoss ? "Baseline − subject (loss)" : "Subject − baseline (accuracy points)");
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.1);
        AtomicFile.Write(path, stream => stream.Write(plot.GetImageBytes(Width, Height, ImageFormat.Png)));
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
