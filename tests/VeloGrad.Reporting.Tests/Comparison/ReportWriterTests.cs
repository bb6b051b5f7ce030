using System.Buffers.Binary;
using VeloGrad.Reporting.Comparison;

namespace VeloGrad.Reporting.Tests.Comparison;

public class ReportWriterTests
{
    private static HandMadeRuns ThreeOptimizersTwoSeeds()
    {
        var runs = new HandMadeRuns();
        for (ulong s = 0; s < 2; s++)
        {
            runs.Add("velograd", s, [50, 60 + s, 72, 80], [1.2, 0.8, 0.6, 0.5 - s * 0.01], f1: 0.8);
            runs.Add("adam", s, [45, 58, 70 + s, 76], [1.3, 0.9, 0.7, 0.55], f1: 0.75);
            runs.Add("sgd", s, [30, 40, 52, 61 + s], [1.6, 1.3, 1.1, 1.0], f1: 0.6);
        }
        return runs;
    }

    [Fact]
    public void The_figure_is_a_PNG_of_15_by_12_inches_at_300_dpi()
    {
        using var runs = ThreeOptimizersTwoSeeds();
        using var output = new TemporaryOutput();
        ReportWriter.Write(ComparisonSet.Load([runs.Folder]), output.Folder);
        var png = File.ReadAllBytes(Path.Combine(output.Folder, ReportWriter.Figure));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal((4500, 3600), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
    }

    [Fact]
    public void The_differences_figure_draws_each_baselines_difference_with_its_paired_interval()
    {
        using var runs = ThreeOptimizersTwoSeeds();
        using var output = new TemporaryOutput();
        var set = ComparisonSet.Load([runs.Folder]);
        ReportWriter.Write(set, output.Folder);
        var png = File.ReadAllBytes(Path.Combine(output.Folder, ReportWriter.Differences));
        Assert.Equal((DifferenceFigure.Width, DifferenceFigure.Height), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));

        // The runs pair by seed: the error bar is the paired interval, not Welch's.
        var analysis = ComparisonAnalysis.Of(set);
        Assert.NotEmpty(analysis.AccuracyImprovements);
        foreach (var d in analysis.AccuracyImprovements)
            Assert.Equal(((d.Paired!.High95 - d.Paired.Low95) / 2, "paired"), DifferenceFigure.HalfWidth(d));
        // Unpaired runs fall back on Welch's interval; one seed a side has none.
        var welch = new ComparisonAnalysis.Difference("Adam", 81, 80, 1, 1.25, 3, 2, -1, 3, 0.5, null);
        Assert.Equal((2.0, "Welch's"), DifferenceFigure.HalfWidth(welch));
        Assert.Equal((0.0, (string?)null), DifferenceFigure.HalfWidth(welch with { Low95 = null, High95 = null, P = null }));
    }

    [Fact]
    public void The_same_runs_give_the_same_files_byte_for_byte()
    {
        using var runs = ThreeOptimizersTwoSeeds();
        using var first = new TemporaryOutput();
        using var second = new TemporaryOutput();
        ReportWriter.Write(ComparisonSet.Load([runs.Folder]), first.Folder);
        ReportWriter.Write(ComparisonSet.Load([runs.Folder]), second.Folder);
        foreach (var file in ReportWriter.Files)
            Assert.True(File.ReadAllBytes(Path.Combine(first.Folder, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(second.Folder, file))), $"{file} differs.");
    }

    [Fact]
    public void The_table_has_the_references_columns_as_mean_and_std()
    {
        using var runs = ThreeOptimizersTwoSeeds();
        var set = ComparisonSet.Load([runs.Folder]);
        string md = ComparisonTable.Markdown(set);
        Assert.StartsWith("| Optimizer | Seeds | Final Loss | Val Accuracy (%) | F1 Score | Precision | Recall | Loss Variance | Time (s) |", md, StringComparison.Ordinal);
        Assert.Contains("| VeloGrad | 2 | 0.4950 ± 0.0071 | 80.00 ± 0.00 |", md, StringComparison.Ordinal);
        Assert.Equal(["VeloGrad", "Adam", "SGD"], set.Optimizers.Select(o => o.Optimizer));
        var csv = ComparisonTable.Csv(set).Split('\n');
        Assert.StartsWith("optimizer,seeds,final_loss_mean,final_loss_std,val_acc_mean", csv[0], StringComparison.Ordinal);
        Assert.StartsWith("\"VeloGrad\",2,0.495,", csv[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Several_folders_merge_into_one_comparison()
    {
        using var a = new HandMadeRuns();
        using var b = new HandMadeRuns();
        a.Add("velograd", 0, [70], [0.5]);
        a.Add("adam", 0, [60], [0.6]);
        b.Add("velograd", 1, [72], [0.45]);
        b.Add("adam", 1, [62], [0.62]);
        var set = ComparisonSet.Load([a.Folder, b.Folder]);
        Assert.All(set.Optimizers, o => Assert.Equal(2, o.Seeds));
        Assert.Equal(VeloGrad.Reporting.Statistics.WelchTest.Of(new([70, 72]), new([60, 62]))!.P, ComparisonAnalysis.Of(set).AccuracyImprovements[0].P);
    }

    [Fact]
    public void A_folder_without_runs_is_named()
    {
        using var output = new TemporaryOutput();
        var error = Assert.Throws<DirectoryNotFoundException>(() => ComparisonSet.Load([output.Folder]));
        Assert.Contains("holds no runs (no runs/ folder)", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>A partial comparison names what it lacks: runs that ended without completing and planned runs that left no history.</summary>
public sealed class PartialComparisonTests
{
    [Fact]
    public void Planned_runs_without_a_history_and_runs_that_did_not_complete_are_named_in_the_table_and_the_analysis()
    {
        using var runs = new HandMadeRuns();
        runs.Add("velograd", 0, [50, 60], [1.0, 0.8]);
        runs.Add("adam", 0, [50, 61], [1.0, 0.8]);
        runs.Add("velograd", 1, [50, 62], [1.0, 0.8]);
        runs.Add("adam", 1, [40], [1.2], status: RunStatus.Failed);
        new ComparisonManifest
        {
            Optimizers = ["velograd", "adam"],
            OptimizerFolders = ["velograd", "adam"],
            Seeds = [0, 1, 2],
        }.Save(new ExperimentFolder(runs.Folder));

        var set = ComparisonSet.Load([runs.Folder]);
        Assert.Equal([new MissingRun("VeloGrad", 2), new MissingRun("Adam", 2)], set.NotRun);
        string text = ReportWriter.Write(set, runs.Folder);
        foreach (var file in new[] { ReportWriter.TableMarkdown, ReportWriter.AnalysisMarkdown })
        {
            string written = File.ReadAllText(Path.Combine(runs.Folder, file));
            Assert.Contains("- Adam, seed 1: failed", written, StringComparison.Ordinal);
            Assert.Contains("- VeloGrad, seed 2: not run (planned, no history)", written, StringComparison.Ordinal);
            Assert.Contains("- Adam, seed 2: not run (planned, no history)", written, StringComparison.Ordinal);
        }
        Assert.Contains("- Adam, seed 2: not run", text, StringComparison.Ordinal);
    }
}
