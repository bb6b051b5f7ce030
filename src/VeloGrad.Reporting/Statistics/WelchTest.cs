namespace VeloGrad.Reporting.Statistics;

/// <summary>
/// Welch's unequal-variance t-test of mean(a) − mean(b), with its 95 % confidence interval. With both samples
/// free of spread the test degenerates: p = 1 for equal means, 0 otherwise, and the interval is the difference.
/// </summary>
public sealed record WelchTest(double Difference, double Low95, double High95, double T, double DegreesOfFreedom, double P)
{
    public static WelchTest? Of(Sample a, Sample b)
    {
        if (a.Count < 2 || b.Count < 2) return null;
        double difference = a.Mean - b.Mean;
        double va = a.Variance / a.Count, vb = b.Variance / b.Count;
        double standardError = Math.Sqrt(va + vb);
        if (standardError == 0)
            return new WelchTest(difference, difference, difference, difference == 0 ? 0 : Math.Sign(difference) * double.PositiveInfinity,
                a.Count + b.Count - 2, difference == 0 ? 1 : 0);
        double df = (va + vb) * (va + vb) / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        double t = difference / standardError;
        double critical = StudentT.CriticalValue(0.05, df);
        return new WelchTest(difference, difference - critical * standardError, difference + critical * standardError, t, df, StudentT.TwoSidedP(t, df));
    }
}
