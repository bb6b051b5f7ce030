using ScottPlot;
using SkiaSharp;
using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Comparison;

/// <summary>
/// The reference's 2×2 figure — training loss, validation accuracy, rolling variance of the training loss
/// (window 3), validation F1 — per optimizer, the mean over seeds with a ±1 std band when several seeds ran. Runs of
/// a model that is its own loss show the validation loss in place of accuracy, and no F1 panel.
/// 15 × 12 inches at 300 dpi, as the reference saves it.
/// </summary>
public static class ComparisonFigure
{
    public const int Dpi = 300;
    public const int Width = 15 * Dpi, Height = 12 * Dpi;
    public const int RollingWindow = 3;
    private const float ScaleFactor = Dpi / 96f * 0.9f;

    private sealed record Panel(string Title, string YLabel, string Series, Func<RunRecord, IReadOnlyList<double>> Values);

    private static readonly Panel[] Panels =
    [
        new("Training Loss", "Loss", "Loss", r => r.TrainLoss),
        new("Validation Accuracy", "Accuracy (%)", "Accuracy", r => r.ValAcc),
        new("Loss Variance Across Epochs (rolling, window 3)", "Variance", "Loss Variance", r => Sample.RollingVariance(r.TrainLoss, RollingWindow)),
        new("Validation F1 Score", "F1 Score", "F1 Score", r => r.ValF1),
    ];

    private static readonly Panel[] LossPanels =
    [
        new("Training Loss", "Loss", "Loss", r => r.TrainLoss),
        new("Validation Loss", "Loss", "Validation Loss", r => r.ValLoss),
        new("Loss Variance Across Epochs (rolling, window 3)", "Variance", "Loss Variance", r => Sample.RollingVariance(r.TrainLoss, RollingWindow)),
    ];

    public static void SavePng(ComparisonSet set, string path)
    {
        ArgumentNullException.ThrowIfNull(set);
        PlotFonts.Register();
        using var surface = new SKBitmap(Width, Height);
        using var canvas = new SKCanvas(surface);
        canvas.Clear(SKColors.White);
        var panels = set.Metric == WorkloadMetric.Loss ? LossPanels : Panels;
        for (int i = 0; i < panels.Length; i++)
        {
            byte[] png = RenderPanel(set, panels[i]);
            using var panel = SKBitmap.Decode(png);
            canvas.DrawBitmap(panel, i % 2 * Width / 2, i / 2 * Height / 2);
        }
        using var image = SKImage.FromBitmap(surface);
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, encoded.SaveTo);
    }

    private static byte[] RenderPanel(ComparisonSet set, Panel panel)
    {
        var plot = new Plot { ScaleFactor = ScaleFactor };
        var palette = new ScottPlot.Palettes.Category10();
        int index = 0;
        foreach (var optimizer in set.Optimizers)
        {
            var color = palette.GetColor(index++);
            int epochs = optimizer.Runs.Min(r => r.History.Epochs.Count);
            var perSeed = optimizer.Runs.Select(r => panel.Values(r).Take(epochs).ToArray()).ToList();
            var points = Enumerable.Range(0, epochs).Where(e => perSeed.All(s => double.IsFinite(s[e]))).ToList();
            if (points.Count == 0) continue;
            double[] xs = [.. points.Select(e => e + 1.0)];
            var samples = points.Select(e => new Sample([.. perSeed.Select(s => s[e])])).ToList();
            double[] mean = [.. samples.Select(s => s.Mean)];
            if (optimizer.Seeds > 1)
            {
                var band = plot.Add.FillY(xs, [.. samples.Select(s => s.Mean - s.StandardDeviation)], [.. samples.Select(s => s.Mean + s.StandardDeviation)]);
                band.FillStyle.Color = color.WithAlpha(0.2);
                band.LineStyle.Width = 0;
            }
            var line = plot.Add.Scatter(xs, mean);
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 5;
            line.LegendText = optimizer.Seeds > 1 ? $"{optimizer.Optimizer} {panel.Series} (mean ± std, {optimizer.Seeds} seeds)" : $"{optimizer.Optimizer} {panel.Series}";
        }
        // Say which split the "validation" panels come from: the reference's test set, or a held-out validation split.
        plot.Title(panel.Title.StartsWith("Validation", StringComparison.Ordinal)
            ? $"{panel.Title} ({(set.EvaluatedOn == TrainingConfig.ValidationSplitName ? "validation split" : "test set")})" : panel.Title);
        plot.Axes.Title.Label.Bold = true;
        plot.XLabel("Epoch");
        plot.YLabel(panel.YLabel);
        plot.ShowLegend(Edge.Bottom); // below the axes: a legend inside would hide curves
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        int lastEpoch = set.Optimizers.Max(o => o.Runs.Max(r => r.History.Epochs.Count));
        plot.Axes.SetLimitsX(0.8, lastEpoch + 0.2);
        return plot.GetImageBytes(Width / 2, Height / 2, ImageFormat.Png);
    }
}
