using ScottPlot;
using SkiaSharp;

namespace VeloGrad.Reporting.Benchmark;

/// <summary>
/// deepobs.png: one panel per DeepOBS problem, at the epoch it is compared at. Each of our optimizers is a filled dot (the
/// mean over its runs, ± one standard deviation), and beside each of our DeepOBS baselines DeepOBS's published run of it is
/// a hollow square; a dashed line marks DeepOBS's best published baseline.
/// </summary>
public static class DeepObsFigure
{
    public const string FileName = "deepobs.png";
    private const int PanelWidth = 1500, PanelHeight = 1000;

    public static void SavePng(IReadOnlyList<DeepObsComparison> comparisons, string path)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        if (comparisons.Count == 0) return;
        PlotFonts.Register();
        var panels = comparisons.Select(Panel).ToList();
        int columns = Math.Min(2, panels.Count), rows = (panels.Count + columns - 1) / columns;
        using var surface = new SKBitmap(columns * PanelWidth, rows * PanelHeight);
        using (var canvas = new SKCanvas(surface))
        {
            canvas.Clear(SKColors.White);
            for (int i = 0; i < panels.Count; i++)
            {
                using var panel = SKBitmap.Decode(panels[i]);
                canvas.DrawBitmap(panel, i % columns * PanelWidth, i / columns * PanelHeight);
            }
        }
        using var image = SKImage.FromBitmap(surface);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, png.SaveTo);
    }

    private static byte[] Panel(DeepObsComparison d)
    {
        var plot = new Plot { ScaleFactor = 2f };
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < d.Rows.Count; i++)
        {
            var row = d.Rows[i];
            ticks.AddMajor(i, row.DeepObsName ?? row.Optimizer);
            if (row.Ours is { } ours)
            {
                var dot = plot.Add.Scatter(new[] { i - 0.12 }, new[] { ours.Mean });
                dot.Color = palette.GetColor(i);
                dot.MarkerSize = 14;
                dot.LineWidth = 0;
                var bar = plot.Add.ErrorBar(new[] { i - 0.12 }, new[] { ours.Mean }, new[] { ours.Sd });
                bar.Color = palette.GetColor(i);
            }
            if (row.DeepObsName is not null && row.Published is { } theirs)
            {
                var square = plot.Add.Scatter(new[] { i + 0.12 }, new[] { theirs.Mean });
                square.Color = Colors.Black;
                square.MarkerShape = MarkerShape.OpenSquare;
                square.MarkerSize = 14;
                square.LineWidth = 0;
                var bar = plot.Add.ErrorBar(new[] { i + 0.12 }, new[] { theirs.Mean }, new[] { theirs.Sd });
                bar.Color = Colors.Black;
            }
        }
        var best = plot.Add.HorizontalLine(d.BestPublishedMean, 1.5f, Colors.Gray);
        best.LinePattern = LinePattern.Dashed;
        best.LegendText = $"DeepOBS's best published ({d.BestPublished})";
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(-0.6, d.Rows.Count - 0.4);
        plot.Title($"{d.Problem}: test {d.Metric.Noun()} after {Counted.Of(d.Epoch, "epoch")}; dots ours, squares DeepOBS's{(d.Subset ? " (ours on a subset: not comparable)" : "")}");
        plot.YLabel(d.Metric == WorkloadMetric.Accuracy ? "test accuracy (%)" : "test loss (lower is better)");
        plot.ShowLegend(Edge.Bottom);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.1);
        return plot.GetImageBytes(PanelWidth, PanelHeight, ImageFormat.Png);
    }
}
