using ScottPlot;

namespace VeloGrad.Reporting.Benchmark;

/// <summary>The performance profiles: ρ(τ), the share of workloads on which an optimizer reaches the target within τ×
/// the fastest, for τ from 1 to 4; solid by epochs, dashed by seconds, one colour per optimizer.</summary>
public static class BenchmarkFigure
{
    public const int Width = 2400, Height = 1500;

    public static void SavePng(BenchmarkAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        PlotFonts.Register();
        var plot = new Plot { ScaleFactor = 2.5f };
        var palette = new ScottPlot.Palettes.Category10();
        var workloads = analysis.Workloads.Select(w => w.Workload).ToList();
        for (int o = 0; o < analysis.Optimizers.Count; o++)
        {
            var color = palette.GetColor(o);
            foreach (var (profile, dashed) in new[] { (analysis.ByEpochs, false), (analysis.BySeconds, true) })
            {
                var arithmetic = profile.Arithmetic(analysis.Optimizers, workloads);
                var (xs, ys) = Steps(arithmetic, o);
                var line = plot.Add.Scatter(xs, ys);
                line.Color = color;
                line.LineWidth = 2.5f;
                line.MarkerSize = 0;
                if (dashed) line.LinePattern = LinePattern.Dashed;
                line.LegendText = $"{analysis.Optimizers[o]}, by {profile.Measure} (score {profile.Scores[o]:F2})";
            }
        }
        plot.Title($"Performance profiles over {workloads.Count} workload(s): reaching each target within τ× the fastest");
        plot.XLabel("τ (cost ÷ the fastest optimizer's cost)");
        plot.YLabel("Share of workloads ρ(τ)");
        plot.Axes.SetLimits(1, PerformanceProfile.MaxRatio, -0.02, 1.02);
        plot.ShowLegend(Edge.Bottom);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.1);
        AtomicFile.Write(path, stream => stream.Write(plot.GetImageBytes(Width, Height, ImageFormat.Png)));
    }

    /// <summary>ρ as a step function from τ = 1 to 4.</summary>
    private static (double[] Xs, double[] Ys) Steps(PerformanceProfile profile, int optimizer)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        double previous = profile.Fraction(optimizer, 1);
        xs.Add(1);
        ys.Add(previous);
        foreach (double step in profile.Steps(optimizer).Where(s => s > 1))
        {
            xs.Add(step);
            ys.Add(previous);
            previous = profile.Fraction(optimizer, step);
            xs.Add(step);
            ys.Add(previous);
        }
        xs.Add(PerformanceProfile.MaxRatio);
        ys.Add(previous);
        return ([.. xs], [.. ys]);
    }
}
