using ScottPlot;

namespace VeloGrad.Reporting.Tuning;

/// <summary>
/// DeepOBS's sensitivity plot: final validation accuracy (or loss, for a model that is its own loss) against the learning rate (log axis), one line per
/// optimizer through its grid's means, a band of ±1 standard deviation over the tuning seeds, the chosen point
/// ringed. With weight decay tuned too, each optimizer's line follows the weight decay of its choice.
/// </summary>
public static class TuningFigure
{
    public const int Width = 2400, Height = 1500;

    public static void SavePng(TuningAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        PlotFonts.Register();
        var plot = new Plot { ScaleFactor = 2.5f };
        var palette = new ScottPlot.Palettes.Category10();
        int index = 0;
        foreach (var o in analysis.Optimizers)
        {
            var color = palette.GetColor(index++);
            double decayFactor = o.Chosen?.WeightDecayFactor ?? 1;
            var points = o.Trials.Where(t => t.WeightDecayFactor == decayFactor && t.Mean is not null && t.Diverged == 0).OrderBy(t => t.Rate).ToList();
            if (points.Count == 0) continue;
            double[] xs = [.. points.Select(t => Math.Log10(t.Rate))];
            if (points.Any(t => t.StandardDeviation is not null))
            {
                var band = plot.Add.FillY(xs, [.. points.Select(t => t.Mean!.Value - (t.StandardDeviation ?? 0))], [.. points.Select(t => t.Mean!.Value + (t.StandardDeviation ?? 0))]);
                band.FillStyle.Color = color.WithAlpha(0.2);
                band.LineStyle.Width = 0;
            }
            var line = plot.Add.Scatter(xs, [.. points.Select(t => t.Mean!.Value)]);
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = $"{o.Optimizer} ({analysis.TuneSeeds.Count} seed{(analysis.TuneSeeds.Count == 1 ? "" : "s")}{(points.Any(t => t.StandardDeviation is not null) ? ", mean ± std" : "")})";
            if (o.Chosen is { } chosen)
            {
                var ring = plot.Add.Marker(Math.Log10(chosen.Rate), chosen.Mean!.Value, MarkerShape.OpenCircle, 18, color);
                ring.LineWidth = 2;
            }
        }
        plot.Title($"Learning-rate sensitivity ({Counted.Of(analysis.TuneEpochs, "epoch")}, {analysis.EvaluatedOn} split)");
        plot.XLabel("Learning rate (log scale)");
        plot.YLabel(analysis.Metric == WorkloadMetric.Loss ? "Final validation loss" : "Final validation accuracy (%)");
        var rates = analysis.Optimizers.SelectMany(o => o.Trials).Select(t => t.Rate).Where(r => r > 0).ToList();
        if (rates.Count > 0) plot.Axes.Bottom.TickGenerator = LogTicks(rates.Min(), rates.Max());
        plot.ShowLegend(Edge.Bottom);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.1);
        AtomicFile.Write(path, stream => stream.Write(plot.GetImageBytes(Width, Height, ImageFormat.Png)));
    }

    /// <summary>Ticks at 1, 2 and 5 × 10^k between the smallest and largest rate, labelled with the rate itself.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double low, double high)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int k = (int)Math.Floor(Math.Log10(low)); k <= (int)Math.Ceiling(Math.Log10(high)); k++)
            foreach (double m in new[] { 1.0, 2, 5 })
            {
                double rate = m * Math.Pow(10, k);
                if (rate >= low / 1.5 && rate <= high * 1.5)
                    ticks.AddMajor(Math.Log10(rate), rate.ToString("G3", System.Globalization.CultureInfo.InvariantCulture));
            }
        return ticks;
    }
}
