namespace VeloGrad.Reporting.Statistics;

/// <summary>Summary of values over seeds: mean and sample standard deviation (n − 1; 0 for one value).</summary>
public readonly record struct Sample(IReadOnlyList<double> Values)
{
    public int Count => Values.Count;
    public double Mean => Values.Count == 0 ? double.NaN : Values.Average();
    public double Variance
    {
        get
        {
            if (Values.Count < 2) return 0;
            double mean = Mean;
            return Values.Sum(v => (v - mean) * (v - mean)) / (Values.Count - 1);
        }
    }
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>numpy's var (population, ddof = 0), as the reference's "loss variance".</summary>
    public static double PopulationVariance(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / values.Count;
    }

    /// <summary>pandas' rolling(window).var() (ddof = 1; NaN until a full window).</summary>
    public static double[] RollingVariance(IReadOnlyList<double> values, int window) =>
        [.. Enumerable.Range(0, values.Count).Select(i => i + 1 < window ? double.NaN
            : new Sample([.. values.Skip(i + 1 - window).Take(window)]).Variance)];
}
