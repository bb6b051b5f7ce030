using MathNet.Numerics.Distributions;

namespace VeloGrad.Reporting.Statistics;

/// <summary>
/// The paired t-test of mean(a − b) over seeds both sides ran: every optimizer (and every ablation variant) runs on the
/// same seeds — the same initial weights, data order and augmentation — so a difference belongs to a seed, and the
/// seed-to-seed spread both sides share drops out. With its 95 % confidence interval and the number of seeds a paired
/// design needs to detect the observed difference at the 5 % level with 80 % power. Differences without spread
/// degenerate as <see cref="WelchTest"/> does: p = 1 for none, 0 otherwise.
/// </summary>
public sealed record PairedTest(int Pairs, double Difference, double StandardDeviation, double Low95, double High95, double T, double DegreesOfFreedom,
    double P, int? SeedsFor80PercentPower)
{
    public const double Power = 0.8, Alpha = 0.05;

    /// <summary>The test over the seeds in both <paramref name="a"/> and <paramref name="b"/> (null with fewer than two).</summary>
    public static PairedTest? Of(IReadOnlyDictionary<ulong, double> a, IReadOnlyDictionary<ulong, double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var differences = a.Keys.Where(b.ContainsKey).Order().Select(seed => a[seed] - b[seed]).ToList();
        return Of(differences);
    }

    /// <summary>The test of per-seed differences (null with fewer than two).</summary>
    public static PairedTest? Of(IReadOnlyList<double> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        int n = differences.Count;
        if (n < 2) return null;
        var sample = new Sample(differences);
        double mean = sample.Mean, sd = sample.StandardDeviation, df = n - 1;
        if (sd == 0)
            return new PairedTest(n, mean, 0, mean, mean, mean == 0 ? 0 : Math.Sign(mean) * double.PositiveInfinity, df, mean == 0 ? 1 : 0, mean == 0 ? null : 2);
        double standardError = sd / Math.Sqrt(n);
        double t = mean / standardError, half = StudentT.CriticalValue(Alpha, df) * standardError;
        return new PairedTest(n, mean, sd, mean - half, mean + half, t, df, StudentT.TwoSidedP(t, df), SeedsNeeded(mean, sd));
    }

    /// <summary>Seeds a paired t-test needs to detect a mean difference <paramref name="mean"/> with per-seed spread
    /// <paramref name="sd"/> at α = 0.05 (two-sided) with 80 % power: the smallest n whose power, from the noncentral t
    /// distribution, reaches 0.8 (G*Power's answer: 34 seeds for an effect of half a standard deviation). Null for no
    /// difference: there is nothing to detect.</summary>
    public static int? SeedsNeeded(double mean, double sd)
    {
        if (mean == 0 || double.IsNaN(mean) || double.IsNaN(sd)) return null;
        double effect = Math.Abs(mean) / sd;
        // Start a little below the normal approximation (with Guenther's correction), which is within a seed or two.
        double zAlpha = Normal.InvCDF(0, 1, 1 - Alpha / 2), zBeta = Normal.InvCDF(0, 1, Power);
        double guess = Math.Pow((zAlpha + zBeta) / effect, 2) + zAlpha * zAlpha / 2;
        if (guess > MaxSeeds) return null;
        for (int n = Math.Max(2, (int)guess - 3); n <= MaxSeeds; n++)
            if (PowerOf(effect, n) >= Power) return n;
        return null;
    }

    /// <summary>More seeds than any study runs: beyond, "not within reach" (null).</summary>
    public const int MaxSeeds = 100_000;

    /// <summary>P(|T'| ≥ t₀.₉₇₅,ₙ₋₁) for T' noncentral t with n − 1 degrees of freedom and noncentrality effect·√n.</summary>
    public static double PowerOf(double effect, int n)
    {
        double df = n - 1, critical = StudentT.CriticalValue(Alpha, df), noncentrality = effect * Math.Sqrt(n);
        return 1 - (NoncentralCdf(critical, df, noncentrality) - NoncentralCdf(-critical, df, noncentrality));
    }

    /// <summary>P(T' ≤ x) = ∫ Φ(x·√(v/ν) − δ) f_χ²ν(v) dv, integrated numerically over the χ² density's mass.</summary>
    private static double NoncentralCdf(double x, double df, double noncentrality)
    {
        var chi = new ChiSquared(df);
        double upper = chi.InverseCumulativeDistribution(1 - 1e-12);
        return MathNet.Numerics.Integrate.OnClosedInterval(
            v => Normal.CDF(0, 1, x * Math.Sqrt(v / df) - noncentrality) * chi.Density(v), 0, upper, 1e-10);
    }
}
