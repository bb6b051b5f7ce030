
namespace VeloGrad.Reporting.Statistics;

/// <summary>Student's t distribution's two-sided tail probabilities and quantiles, from MathNet.Numerics.</summary>
public static class StudentT
{
    /// <summary>P(|T| ≥ |t|) for T with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double TwoSidedP(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || !(degreesOfFreedom > 0)) return double.NaN;
        if (double.IsInfinity(t)) return 0;
        // 2·P(T ≤ −|t|): the lower tail keeps its precision where 1 − P(T ≤ |t|) would round to 0.
        return 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, degreesOfFreedom, -Math.Abs(t));
    }

    /// <summary>The t with P(|T| ≥ t) = <paramref name="twoSidedP"/>, e.g. 0.05 for a 95 % interval.</summary>
    public static double CriticalValue(double twoSidedP, double degreesOfFreedom) =>
        MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - twoSidedP / 2);
}
