using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Statistics;
using static VeloGrad.Reporting.Comparison.ComparisonAnalysis;

namespace VeloGrad.Reporting.Tests.Comparison;

/// <summary>The analysis numbers on hand-made histories.</summary>
public class ComparisonAnalysisTests
{
    [Fact]
    public void Lower_loss_variance_from_a_loss_that_barely_moved_is_said_to_be_less_learning()
    {
        using var runs = new HandMadeRuns();
        for (ulong seed = 0; seed < 3; seed++)
        {
            double jitter = seed * 0.001;
            runs.Add("velograd", seed, [20, 21, 22], [2.30 + jitter, 2.29 + jitter, 2.29 + jitter]); // flat: it did not learn
            runs.Add("adam", seed, [50, 70, 80], [2.0 + jitter, 1.0 + 2 * jitter, 0.5 + 3 * jitter]);
        }
        var analysis = Of(ComparisonSet.Load([runs.Folder]));
        var variance = analysis.Claims.Single(c => c.Statement.Contains("lower loss variance", StringComparison.Ordinal));
        Assert.Equal(Verdicts.Supported, variance.Verdict);
        Assert.Contains("But VeloGrad's training loss fell by 0.0100 from the first epoch to the last against 1.4980 for Adam", variance.Sentence, StringComparison.Ordinal);
        Assert.Contains("it learned less, not that it trained more steadily", variance.Sentence, StringComparison.Ordinal);
        // The other claims carry no such caveat.
        Assert.All(analysis.Claims.Where(c => c != variance), c => Assert.DoesNotContain("learned less", c.Sentence, StringComparison.Ordinal));
    }

    [Fact]
    public void One_seed_gives_the_references_figures_and_untestable_claims()
    {
        using var runs = new HandMadeRuns();
        runs.Add("velograd", 0, [50, 72, 80], [1.0, 0.6, 0.4], f1: 0.8);
        runs.Add("adam", 0, [55, 65, 75], [1.0, 0.7, 0.5], f1: 0.7);
        runs.Add("sgd", 0, [30, 50, 60], [1.5, 1.2, 1.0], f1: 0.6);
        var analysis = Of(ComparisonSet.Load([runs.Folder]));

        Assert.Equal("VeloGrad", analysis.Subject);
        var vsAdam = analysis.AccuracyImprovements.Single(d => d.Baseline == "Adam");
        Assert.Equal(5, vsAdam.Absolute, 12);
        Assert.Equal(5.0 / 75 * 100, vsAdam.RelativePercent!.Value, 12);
        Assert.Null(vsAdam.P);
        var lossVsSgd = analysis.LossReductions.Single(d => d.Baseline == "SGD");
        Assert.Equal(0.6, lossVsSgd.Absolute, 12);
        Assert.Equal(60, lossVsSgd.RelativePercent!.Value, 9);

        Assert.Equal([2], analysis.TimeToTarget.Single(c => c.Optimizer == "VeloGrad").EpochsPerSeed);
        Assert.Equal([3], analysis.TimeToTarget.Single(c => c.Optimizer == "Adam").EpochsPerSeed);
        var sgd = analysis.TimeToTarget.Single(c => c.Optimizer == "SGD");
        Assert.Equal([null], sgd.EpochsPerSeed);
        Assert.Contains("- SGD: not reached", analysis.ToMarkdown(), StringComparison.Ordinal);

        Assert.Equal(8, analysis.Claims.Count);
        Assert.All(analysis.Claims, c => Assert.Equal(Verdicts.NotTestable, c.Verdict));
        Assert.Contains("--seeds 3", analysis.Claims[0].Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Ties_are_no_support()
    {
        using var runs = new HandMadeRuns();
        runs.Add("velograd", 0, [60, 70], [0.9, 0.5]);
        runs.Add("adam", 0, [60, 70], [0.9, 0.5]);
        var analysis = Of(ComparisonSet.Load([runs.Folder]));
        Assert.Equal(0, analysis.AccuracyImprovements[0].Absolute);
        Assert.All(analysis.Claims, c => Assert.Equal(Verdicts.Tied, c.Verdict));
        Assert.StartsWith("Not supported: VeloGrad's final accuracy (70.00 %) is equal to Adam's (70.00 %)", analysis.Claims[0].Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_seeds_give_intervals_p_values_and_verdicts()
    {
        using var runs = new HandMadeRuns();
        double[] velogradAcc = [80.1, 81.0, 79.5], adamAcc = [75.2, 76.0, 74.9], sgdAcc = [79.0, 82.5, 80.0];
        for (ulong s = 0; s < 3; s++)
        {
            runs.Add("velograd", s, [60, velogradAcc[s]], [0.9, 0.40 + s * 0.01]);
            runs.Add("adam", s, [60, adamAcc[s]], [0.9, 0.30 + s * 0.01]);
            runs.Add("sgd", s, [60, sgdAcc[s]], [0.9, 0.40 + s * 0.02]);
        }
        var analysis = Of(ComparisonSet.Load([runs.Folder]));
        var vsAdam = analysis.AccuracyImprovements.Single(d => d.Baseline == "Adam");
        var welch = VeloGrad.Reporting.Statistics.WelchTest.Of(new VeloGrad.Reporting.Statistics.Sample(velogradAcc), new VeloGrad.Reporting.Statistics.Sample(adamAcc))!;
        Assert.Equal(welch.P, vsAdam.P);
        Assert.Equal((welch.Low95, welch.High95), (vsAdam.Low95, vsAdam.High95));
        Assert.True(vsAdam.P < 0.05 && vsAdam.Low95 > 0);

        Claim Verdict(string baseline, string statement) => analysis.Claims.Single(c => c.Baseline == baseline && c.Statement.Contains(statement, StringComparison.Ordinal));
        Assert.Equal(Verdicts.Supported, Verdict("Adam", "higher accuracy").Verdict);
        Assert.Equal(Verdicts.Contradicted, Verdict("Adam", "lower final loss").Verdict);
        Assert.Equal(Verdicts.NotSignificant, Verdict("SGD", "higher accuracy").Verdict);
        Assert.Contains("Welch's t-test p =", Verdict("Adam", "higher accuracy").Sentence, StringComparison.Ordinal);
        Assert.Contains("95 % CI", analysis.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("\"p\":", analysis.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_that_did_not_complete_are_left_out_and_named()
    {
        using var runs = new HandMadeRuns();
        runs.Add("velograd", 0, [60, 70], [0.9, 0.5]);
        runs.Add("adam", 0, [60, 70], [0.9, 0.5]);
        runs.Add("sgd:lr=1e30", 0, [10], [double.NaN], status: RunStatus.Diverged);
        var set = ComparisonSet.Load([runs.Folder]);
        Assert.Equal(2, set.Optimizers.Count);
        Assert.Single(set.Unfinished);
        using var output = new TemporaryOutput();
        string table = ReportWriter.Write(set, output.Folder);
        Assert.Contains("SGD (lr=1e30), seed 0: diverged", table, StringComparison.Ordinal);
    }
}

public class TimeToTargetTests
{
    [Fact]
    public void Epochs_and_seconds_to_the_target_come_with_confidence_intervals_over_the_seeds_that_reached_it()
    {
        using var runs = new HandMadeRuns();
        runs.Add("velograd", 0, [60, 82, 90], [1, 0.5, 0.4], epochTime: 10);
        runs.Add("velograd", 1, [81, 85, 90], [1, 0.5, 0.4], epochTime: 12);
        runs.Add("velograd", 2, [70, 79, 81], [1, 0.5, 0.4], epochTime: 11);
        runs.Add("adam", 0, [60, 70, 75], [1, 0.5, 0.4]);
        var analysis = ComparisonAnalysis.Of(ComparisonSet.Load([runs.Folder]), target: 80);

        var velograd = analysis.TimeToTarget.Single(t => t.Optimizer == "VeloGrad");
        Assert.Equal([2, 1, 3], velograd.EpochsPerSeed);
        Assert.Equal([20.0, 12.0, 33.0], velograd.SecondsPerSeed);
        Assert.Equal(2, velograd.Epochs!.Mean, 12);
        double half = 4.302653 * 1 / Math.Sqrt(3); // t(0.975, 2) · sd / √n, sd of 2, 1, 3 is 1
        Assert.Equal(2 + half, velograd.Epochs.High95!.Value, 5);
        // 2 − half is −0.48 epochs: no run reaches a target in less than its first epoch, so the interval is cut at 1.
        Assert.Equal(1, velograd.Epochs.Low95!.Value);
        Assert.True(velograd.Epochs.Clamped);
        Assert.Equal(3, velograd.Reached);
        Assert.Null(analysis.TimeToTarget.Single(t => t.Optimizer == "Adam").Epochs);
        string md = analysis.ToMarkdown();
        Assert.Contains("## Time to target (80 % accuracy on the test set)", md, StringComparison.Ordinal);
        Assert.Matches(@"- Adam: not reached in 1 seed\r?\n", md);
        Assert.Contains("VeloGrad: 2.0 epochs (95 % CI", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Seconds_to_the_target_keep_two_significant_digits_when_epochs_take_milliseconds()
    {
        using var runs = new HandMadeRuns();
        runs.Add("velograd", 0, [60, 82], [1, 0.5], epochTime: 0.012);
        runs.Add("velograd", 1, [81, 85], [1, 0.5], epochTime: 0.014);
        runs.Add("adam", 0, [81, 85], [1, 0.5], epochTime: 4.5);
        runs.Add("adam", 1, [82, 85], [1, 0.5], epochTime: 5);
        string md = ComparisonAnalysis.Of(ComparisonSet.Load([runs.Folder]), target: 80).ToMarkdown();
        Assert.Contains("0.019 s (95 % CI", md, StringComparison.Ordinal); // (0.024 + 0.014) / 2; F0 read "0 s"
        Assert.Contains("[2 (0.024 s), 1 (0.014 s)]", md, StringComparison.Ordinal);
        Assert.Contains("4.8 s (95 % CI", md, StringComparison.Ordinal);
        Assert.Equal(["F3", "F2", "F1", "F0", "F0"], new[] { 0.0238, 0.31, 4.8, 85.7, 1234.0 }.Select(ReportFormat.SecondsFormat));
    }

    [Fact]
    public void The_analysis_says_a_validation_split_when_the_runs_were_judged_on_one()
    {
        using var runs = new HandMadeRuns();
        runs.Add("velograd", 0, [60, 82], [1, 0.5], configure: c => c with { ValidationSplit = 0.1 });
        var analysis = ComparisonAnalysis.Of(ComparisonSet.Load([runs.Folder]));
        Assert.Equal("validation", analysis.EvaluatedOn);
        Assert.Contains("validation split (held out of the training set)", analysis.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_that_pair_by_seed_are_judged_by_the_paired_test_with_Welchs_beside_it_and_a_power_line()
    {
        // Seed-to-seed spread ±10 points, VeloGrad 1, 1 and 0.8 points above Adam on each seed: Welch's test cannot see
        // the difference through the spread, the paired test can.
        using var runs = new HandMadeRuns();
        double[] adam = [69, 79, 89.2];
        for (ulong seed = 0; seed < 3; seed++)
        {
            runs.Add("velograd", seed, [50, 70 + 10 * seed], [1.0, 0.5]);
            runs.Add("adam", seed, [50, adam[seed]], [1.0, 0.5]);
        }
        var analysis = Of(ComparisonSet.Load([runs.Folder]));
        var improvement = analysis.AccuracyImprovements.Single();
        var paired = improvement.Paired!;
        Assert.Equal(3, paired.Pairs);
        Assert.Equal(PairedTest.Of([70 - 69.0, 80 - 79.0, 90 - 89.2])!, paired);
        Assert.True(paired.P < 0.05, $"paired p {paired.P}");
        Assert.True(improvement.P > 0.5, $"Welch p {improvement.P}");

        var claim = analysis.Claims.First(c => c.Statement.Contains("higher accuracy", StringComparison.Ordinal));
        Assert.Equal(Verdicts.Supported, claim.Verdict);
        Assert.Equal(paired.P, claim.P);
        Assert.Contains("paired over 3 seeds: mean difference 0.93", claim.Sentence, StringComparison.Ordinal);
        Assert.Contains("Welch's t-test p = ", claim.Sentence, StringComparison.Ordinal);
        Assert.Contains($"3 seeds are enough to detect it with 80 % power (it takes {paired.SeedsFor80PercentPower})", claim.Sentence, StringComparison.Ordinal);
        Assert.Contains("paired over 3 seeds", analysis.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("\"paired\": {", analysis.ToJson(), StringComparison.Ordinal);

        // The same figures without the pairing (other seeds per optimizer) fall back to Welch's, which finds nothing.
        using var unpaired = new HandMadeRuns();
        for (ulong seed = 0; seed < 3; seed++)
        {
            unpaired.Add("velograd", seed, [50, 70 + 10 * seed], [1.0, 0.5]);
            unpaired.Add("adam", seed + 10, [50, adam[seed]], [1.0, 0.5]);
        }
        var welchOnly = Of(ComparisonSet.Load([unpaired.Folder]));
        Assert.Null(welchOnly.AccuracyImprovements.Single().Paired);
        Assert.Equal(Verdicts.NotSignificant, welchOnly.Claims.First(c => c.Statement.Contains("higher accuracy", StringComparison.Ordinal)).Verdict);
    }
}
