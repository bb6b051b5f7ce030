using ScottPlot;

namespace VeloGrad.Reporting;

/// <summary>The figure of signed differences that the ablation and the comparison's differences draw: one bar per item
/// (blue above zero, red below) with its error bar, on a zero line, the items named under their bars.</summary>
internal static class SignedBars
{
    public const int Width = 2400, Height = 1500;

    /// <summary>A plot holding the bars; the caller titles it, then <see cref="Save"/>s it.</summary>
    public static Plot Plot(IReadOnlyList<(string Label, double Value, double Error)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        PlotFonts.Register();
        var plot = new Plot { ScaleFactor = 2.5f };
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        plot.Add.Bars(items.Select((item, i) => new Bar
        {
            Position = i,
            Value = item.Value,
            Error = item.Error,
            FillColor = item.Value >= 0 ? palette.GetColor(0) : palette.GetColor(3),
        }).ToList());
        for (int i = 0; i < items.Count; i++) ticks.AddMajor(i, items[i].Label);
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.Axes.Bottom.TickGenerator = ticks;
        return plot;
    }

    public static void Save(Plot plot, string path)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.1);
        AtomicFile.Write(path, stream => stream.Write(plot.GetImageBytes(Width, Height, ImageFormat.Png)));
    }
}
