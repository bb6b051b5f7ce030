using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Tests.Statistics;

public class StatisticsTests
{
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
}
