using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Comparison;

/// <summary>The completed runs of one optimizer over seeds, summarised.</summary>
public sealed record OptimizerRuns(string Optimizer, IReadOnlyList<RunRecord> Runs)
{
    public bool IsVeloGrad => Runs.Count > 0 && Runs[0].Spec.Name == OptimizerCatalog.VeloGradName;
    public int Seeds => Runs.Count;
    public Sample Of(Func<RunRecord, double> metric) => new([.. Runs.Select(metric)]);

    /// <summary>The metric by seed, for tests that pair runs by seed.</summary>
    public IReadOnlyDictionary<ulong, double> BySeed(Func<RunRecord, double> metric) => Runs.ToDictionary(r => r.Seed, metric);
}
