using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Tests.Statistics;

public class StatisticsTests
{
    [Fact]
    public void A_mean_interval_past_what_the_figure_can_be_is_cut_there_and_says_so()
    {
        // Two seeds far apart: the t interval (12.706 × sd / √2 either side) runs far past 0 % and 100 %.
        var accuracy = VeloGrad.Reporting.Comparison.ComparisonAnalysis.Estimate.Of([10.0, 78.2], 0, 100)!;
        Assert.Equal(44.1, accuracy.Mean, 9);
        Assert.Equal(0, accuracy.Low95);
        Assert.Equal(100, accuracy.High95);
        Assert.True(accuracy.Clamped);
        Assert.Contains("95 % CI 0.00 to 100.00, cut at what it can be", accuracy.Format("F2", " %"), StringComparison.Ordinal);
        // A time cannot be negative either (the default bound); a tight one is left alone and says nothing.
        var seconds = VeloGrad.Reporting.Comparison.ComparisonAnalysis.Estimate.Of([0.1, 2.0])!;
        Assert.Equal(0, seconds.Low95);
        var tight = VeloGrad.Reporting.Comparison.ComparisonAnalysis.Estimate.Of([50.0, 50.2, 49.9], 0, 100)!;
        Assert.False(tight.Clamped);
        Assert.True(tight.Low95 > 49 && tight.High95 < 51);
        Assert.DoesNotContain("cut", tight.Format("F2", " %"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, 1.0, 0.5)]                       // Cauchy: 1 − (2/π)·atan(1)
    [InlineData(3.0, 1.0, 0.204832764699133)]         // 1 − (2/π)·atan(3)
    [InlineData(2.0, 2.0, 0.183503419072274)]         // df 2: 1 − t/√(2 + t²)
    [InlineData(2.0, 10.0, 0.0733880347707404)]       // tables
    [InlineData(0.0, 5.0, 1.0)]
    public void Two_sided_p_values_match_closed_forms_and_tables(double t, double df, double p)
    {
        Assert.Equal(p, StudentT.TwoSidedP(t, df), 9);
        Assert.Equal(p, StudentT.TwoSidedP(-t, df), 9);
    }

    [Theory]
    [InlineData(10.0, 2.228138851986273)]
    [InlineData(1.0, 12.706204736174707)]
    [InlineData(4.0, 2.776445105197793)]
    public void Critical_values_of_a_95_percent_interval(double df, double t) =>
        Assert.Equal(t, StudentT.CriticalValue(0.05, df), 6);

    [Fact]
    public void Welch_test_by_hand()
    {
        // a: mean 2, var 1, n 3; b: mean 5.5, var 5/3, n 4 → se² = 1/3 + 5/12 = 3/4, t = −3.5/√0.75,
        // df = 0.75² / ((1/3)²/2 + (5/12)²/3).
        var test = WelchTest.Of(new Sample([1, 2, 3]), new Sample([4, 5, 6, 7]))!;
        double df = 0.5625 / (1.0 / 18 + 25.0 / 432);
        Assert.Equal(-3.5, test.Difference, 12);
        Assert.Equal(-3.5 / Math.Sqrt(0.75), test.T, 12);
        Assert.Equal(df, test.DegreesOfFreedom, 12);
        Assert.Equal(StudentT.TwoSidedP(test.T, df), test.P, 12);
        double half = StudentT.CriticalValue(0.05, df) * Math.Sqrt(0.75);
        Assert.Equal((-3.5 - half, -3.5 + half), (test.Low95, test.High95));
        Assert.InRange(test.P, 0.005, 0.02);
    }

    [Fact]
    public void Welch_test_needs_two_values_a_side_and_handles_samples_without_spread()
    {
        Assert.Null(WelchTest.Of(new Sample([1]), new Sample([1, 2])));
        Assert.Equal(1, WelchTest.Of(new Sample([3, 3]), new Sample([3, 3]))!.P);
        var apart = WelchTest.Of(new Sample([4, 4]), new Sample([3, 3]))!;
        Assert.Equal((0.0, 1.0, 1.0, 1.0), (apart.P, apart.Difference, apart.Low95, apart.High95));
    }

    [Fact]
    public void Variances_follow_numpy_and_pandas()
    {
        Assert.Equal(1.25, Sample.PopulationVariance([1, 2, 3, 4]), 12);               // np.var
        var rolling = Sample.RollingVariance([1, 2, 4, 7], window: 3);                  // pd.Series.rolling(3).var()
        Assert.True(double.IsNaN(rolling[0]) && double.IsNaN(rolling[1]));
        Assert.Equal(7.0 / 3, rolling[2], 12);
        Assert.Equal(19.0 / 3, rolling[3], 12);
        Assert.Equal(0, new Sample([5]).StandardDeviation);
    }

    [Fact]
    public void Paired_test_by_hand_pairs_by_seed()
    {
        // Seeds 1–4 on both sides (seed 9 only on one side, left out): differences 1, 2, 0, 3 → mean 1.5, sd √(5/3).
        var a = new Dictionary<ulong, double> { [1] = 71, [2] = 62, [3] = 80, [4] = 68, [9] = 50 };
        var b = new Dictionary<ulong, double> { [4] = 65, [3] = 80, [2] = 60, [1] = 70 };
        var test = PairedTest.Of(a, b)!;
        double sd = Math.Sqrt(5.0 / 3), se = sd / 2;
        Assert.Equal((4, 1.5, 3.0), (test.Pairs, test.Difference, test.DegreesOfFreedom));
        Assert.Equal(sd, test.StandardDeviation, 12);
        Assert.Equal(1.5 / se, test.T, 12);
        Assert.Equal(StudentT.TwoSidedP(1.5 / se, 3), test.P, 12);
        double half = StudentT.CriticalValue(0.05, 3) * se;
        Assert.Equal(1.5 - half, test.Low95, 12);
        Assert.Equal(1.5 + half, test.High95, 12);
        // Welch's on the same values cannot see through the seed-to-seed spread the pairs share.
        var welch = WelchTest.Of(new Sample([71, 62, 80, 68]), new Sample([70, 60, 80, 65]))!;
        Assert.True(test.P < welch.P && test.High95 - test.Low95 < welch.High95 - welch.Low95);
    }

    [Fact]
    public void Paired_test_needs_two_shared_seeds_and_handles_differences_without_spread()
    {
        Assert.Null(PairedTest.Of(new Dictionary<ulong, double> { [1] = 1, [2] = 2 }, new Dictionary<ulong, double> { [2] = 1, [3] = 0 }));
        var same = PairedTest.Of([2.0, 2.0, 2.0])!;
        Assert.Equal((0.0, 2.0, 2.0, 2), (same.P, same.Low95, same.High95, same.SeedsFor80PercentPower!.Value));
        Assert.Equal(1, PairedTest.Of([0.0, 0.0])!.P);
        Assert.Null(PairedTest.Of([0.0, 0.0])!.SeedsFor80PercentPower);
    }

    [Theory]
    [InlineData(0.5, 1.0, 34)]  // G*Power, paired t-test, d = 0.5, α = 0.05 two-sided, power 0.8: 34
    [InlineData(1.0, 1.0, 10)]  // d = 1: 10
    [InlineData(0.8, 1.0, 15)]  // d = 0.8: 15
    [InlineData(-2.0, 1.0, 5)]  // the sign does not matter; d = 2: 5 (the normal approximation says 4)
    public void Seeds_for_80_percent_power_match_GPower(double mean, double sd, int seeds) =>
        Assert.Equal(seeds, PairedTest.SeedsNeeded(mean, sd));
}
