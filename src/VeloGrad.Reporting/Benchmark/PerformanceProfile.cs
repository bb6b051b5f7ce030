namespace VeloGrad.Reporting.Benchmark;

/// <summary>
/// Dolan and Moré's performance profile of optimizers over workloads. With t(w, s) what optimizer s costs to reach
/// workload w's target (epochs or seconds; ∞ when it does not reach it), the ratio r(w, s) = t(w, s) / min over s' of
/// t(w, s'), and ρ_s(τ) the fraction of workloads with r(w, s) ≤ τ: the share of the suite on which s is within a factor
/// τ of the best. A workload no optimizer solves counts against every one. The score is AlgoPerf's: the area under ρ_s
/// from τ = 1 to <see cref="MaxRatio"/>, divided by the width, so 1 means best everywhere and 0 never within 4× the best.
/// </summary>
public sealed record PerformanceProfile(IReadOnlyList<string> Optimizers, IReadOnlyList<string> Workloads, IReadOnlyList<IReadOnlyList<double>> Ratios)
{
    /// <summary>AlgoPerf's r_max: ratios beyond 4× the best count as not solved.</summary>
    public const double MaxRatio = 4;

    /// <param name="costs">costs[w][s]: what optimizer s took to reach workload w's target, +∞ where it did not.</param>
    public static PerformanceProfile Of(IReadOnlyList<string> optimizers, IReadOnlyList<string> workloads, IReadOnlyList<IReadOnlyList<double>> costs)
    {
        ArgumentNullException.ThrowIfNull(optimizers);
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(costs);
        if (costs.Count != workloads.Count || costs.Any(row => row.Count != optimizers.Count))
            throw new ArgumentException("One cost per workload and optimizer.", nameof(costs));
        if (costs.SelectMany(row => row).Any(c => double.IsNaN(c) || c < 0))
            throw new ArgumentException("Costs are ≥ 0, or +∞ for a target not reached.", nameof(costs));
        var ratios = costs.Select(row =>
        {
            double best = row.Min();
            return (IReadOnlyList<double>)[.. row.Select(c => double.IsPositiveInfinity(c) ? double.PositiveInfinity : best == 0 ? (c == 0 ? 1 : double.PositiveInfinity) : c / best)];
        }).ToList();
        return new PerformanceProfile(optimizers, workloads, ratios);
    }

    /// <summary>ρ_s(τ): the fraction of workloads on which optimizer <paramref name="optimizer"/> is within τ× the best.</summary>
    public double Fraction(int optimizer, double tau) =>
        Workloads.Count == 0 ? 0 : (double)Ratios.Count(row => row[optimizer] <= tau) / Workloads.Count;

    /// <summary>∫₁^rmax ρ_s(τ) dτ / (rmax − 1), exactly: each workload solved within rmax adds (rmax − r) / (rmax − 1).</summary>
    public double Score(int optimizer) => Workloads.Count == 0 ? 0
        : Ratios.Sum(row => row[optimizer] <= MaxRatio ? (MaxRatio - row[optimizer]) / (MaxRatio - 1) : 0) / Workloads.Count;

    /// <summary>The steps of ρ_s: the distinct finite ratios up to <see cref="MaxRatio"/>, from 1.</summary>
    public IReadOnlyList<double> Steps(int optimizer) =>
        [.. Ratios.Select(row => row[optimizer]).Where(r => r <= MaxRatio).Append(1).Distinct().Order()];
}
