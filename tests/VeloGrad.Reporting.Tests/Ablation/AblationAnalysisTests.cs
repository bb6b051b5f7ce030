using VeloGrad.Reporting.Ablation;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Tests.Comparison;

namespace VeloGrad.Reporting.Tests.Ablation;

public class AblationAnalysisTests
{
    private static readonly string All = string.Join("+", OptimizerCatalog.VeloGradParts);

    /// <summary>Three seeds of a variant, final accuracies <paramref name="mean"/> − 1, <paramref name="mean"/>, <paramref name="mean"/> + 1.</summary>
    private static void Variant(HandMadeRuns runs, string spec, double mean, double loss = 0.5)
    {
        for (ulong seed = 0; seed < 3; seed++)
            runs.Add(spec, seed, [40, mean - 1 + seed], [1, loss + 0.01 * seed]);
    }

    [Fact]
    public void Each_part_gets_its_contribution_with_a_confidence_interval_and_a_p_value()
    {
        using var runs = new HandMadeRuns();
        Variant(runs, "velograd", 80);
        foreach (var part in OptimizerCatalog.VeloGradParts) Variant(runs, $"velograd:disable={part}", part == "lookahead" ? 75 : 80);
        Variant(runs, $"velograd:disable={All}", 70, loss: 0.7);
        var analysis = AblationAnalysis.Of(ComparisonSet.Load([runs.Folder]));

        Assert.Equal("velograd", analysis.Full);
        Assert.Equal([.. OptimizerCatalog.VeloGradParts, AblationAnalysis.NoneName], analysis.Variants.Select(v => v.Disabled));
        var lookahead = analysis.Variants.Single(v => v.Disabled == "lookahead");
        Assert.Equal(-5, lookahead.AccuracyDifference.Difference, 12);
        // The same seeds on both sides, 5 points apart on every one: paired, the difference has no spread at all, while
        // Welch's test sees the seed-to-seed spread (sd 1, n 3 a side; interval ±t(0.975, 4)·√(2/3)) and is beside it.
        Assert.Equal("paired", lookahead.AccuracyDifference.Test);
        Assert.Equal(0, lookahead.AccuracyDifference.HalfWidth!.Value, 12);
        Assert.Equal(0, lookahead.AccuracyDifference.P);
        var welch = VeloGrad.Reporting.Statistics.WelchTest.Of(new([74, 75, 76]), new([79, 80, 81]))!;
        Assert.Equal(welch.P, lookahead.AccuracyDifference.WelchP);
        Assert.Equal(2.776445 * Math.Sqrt(2.0 / 3), welch.High95 - welch.Difference, 5);
        Assert.Equal(1, analysis.Variants.Single(v => v.Disabled == "adaptive-lr").AccuracyDifference.P!.Value, 12);
        var none = analysis.Variants.Single(v => v.Disabled == AblationAnalysis.NoneName);
        Assert.Equal(0.2, none.LossDifference.Difference, 12);

        Assert.Equal(6, analysis.Sentences.Count);
        Assert.StartsWith("lookahead: +5.00 ± 0.00 points of accuracy, paired p < 0.001, Welch's p = ", analysis.Sentences[4], StringComparison.Ordinal);
        Assert.Contains("it helps, significantly", analysis.Sentences[4], StringComparison.Ordinal);
        Assert.Contains("3 seeds are enough to detect it with 80 % power", analysis.Sentences[4], StringComparison.Ordinal);
        Assert.Contains("adaptive-lr: 0.00 ± 0.00 points of accuracy, paired p = 1.000, Welch's p = 1.000 (not significant", analysis.Sentences[2], StringComparison.Ordinal);
        Assert.StartsWith("all five parts together: +10.00", analysis.Sentences[5], StringComparison.Ordinal);
        Assert.Contains("| lookahead | 3 | 75.00 ± 1.00 | -5.00 |", analysis.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_full_VeloGrad_there_is_nothing_to_ablate_against()
    {
        using var runs = new HandMadeRuns();
        Variant(runs, "velograd:disable=lookahead", 80);
        var error = Assert.Throws<InvalidDataException>(() => AblationAnalysis.Of(ComparisonSet.Load([runs.Folder])));
        Assert.Contains("full VeloGrad", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_seed_is_reported_as_not_testable()
    {
        using var runs = new HandMadeRuns();
        runs.Add("velograd", 0, [80], [0.5]);
        runs.Add("velograd:disable=lookahead", 0, [78], [0.5]);
        var analysis = AblationAnalysis.Of(ComparisonSet.Load([runs.Folder]));
        Assert.Equal("lookahead: +2.00 points of accuracy (one seed: not testable; run with --seeds 3 or more).", analysis.Sentences.Single());
        using var output = new TemporaryOutput();
        AblationReport.Write(analysis, output.Folder);
        foreach (var file in AblationReport.Files.All) Assert.True(File.Exists(Path.Combine(output.Folder, file)), file);
    }
}
