using ScottPlot;

namespace VeloGrad.Reporting.Ablation;

/// <summary>Each part's contribution to final accuracy (full VeloGrad − without it), a bar per part and one for all
/// five together, with 95 % confidence intervals as error bars.</summary>
public static class AblationFigure
{
    public const int Width = SignedBars.Width, Height = SignedBars.Height;

    public static void SavePng(AblationAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var plot = SignedBars.Plot([.. analysis.Variants.Select(v => (v.Disabled == AblationAnalysis.NoneName ? "all five" : v.Disabled,
            -v.AccuracyDifference.Difference, v.AccuracyDifference.HalfWidth ?? 0))]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 20;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Title($"What each VeloGrad part adds to final accuracy ({(analysis.EvaluatedOn == TrainingConfig.ValidationSplitName ? "validation split" : "test set")}), 95 % CI");
        plot.YLabel("Full − without the part (accuracy points)");
        SignedBars.Save(plot, path);
    }
}
