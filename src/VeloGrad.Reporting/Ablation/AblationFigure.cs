using ScottPlot;

namespace VeloGrad.Reporting.Ablation;

/// <summary>Each part's contribution to final accuracy (full VeloGrad − without it), a bar per part and one for all
/// five together, with 95 % confidence intervals as error bars.</summary>
public static class AblationFigure
{
    public const int Width = 2400, Height = 1500;

    public static void SavePng(AblationAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        PlotFonts.Register();
        var plot = new Plot { ScaleFactor = 2.5f };
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < analysis.Variants.Count; i++)
        {
            var v = analysis.Variants[i];
            double contribution = -v.AccuracyDifference.Difference;
            bars.Add(new Bar
            {
                Position = i,
                Value = contribution,
                Error = v.AccuracyDifference.HalfWidth ?? 0,
                FillColor = contribution >= 0 ? palette.GetColor(0) : palette.GetColor(3),
            });
            ticks.AddMajor(i, v.Disabled == AblationAnalysis.NoneName ? "all five" : v.Disabled);
        }
        plot.Add.Bars(bars);
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.Rotation = 20;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Title($"What each VeloGrad part adds to final accuracy ({(analysis.EvaluatedOn == TrainingConfig.ValidationSplitName ? "validation split" : "test set")}), 95 % CI");
        plot.YLabel("Full − without the part (accuracy points)");
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.1);
        AtomicFile.Write(path, stream => stream.Write(plot.GetImageBytes(Width, Height, ImageFormat.Png)));
    }
}
