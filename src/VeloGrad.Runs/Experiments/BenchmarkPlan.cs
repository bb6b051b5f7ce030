using System.Text.Json;

namespace VeloGrad.Runs;

/// <summary>
/// A benchmark: every workload × optimizer × seed, each workload an experiment of its own in OUT/&lt;workload&gt;/ (its
/// plan, runs and comparison), and the judgement across them in OUT/benchmark.*. Saved as OUT/benchmark-plan.json, so that
/// a resume or a report knows the workloads, their targets and budgets as they were when it ran.
/// </summary>
public sealed record BenchmarkPlan(IReadOnlyList<BenchmarkWorkload> Workloads, IReadOnlyList<OptimizerSpec> Optimizers, IReadOnlyList<ulong> Seeds, bool Quick)
{
    public void Save(string outputFolder) => JsonRecord.Save(new ExperimentFolder(outputFolder).BenchmarkPlan, this);

    public static BenchmarkPlan? TryLoad(string outputFolder) =>
        JsonRecord.TryLoad<BenchmarkPlan>(new ExperimentFolder(outputFolder).BenchmarkPlan, "a benchmark plan", "is the folder a velograd benchmark output?");

    /// <summary>What differs from <paramref name="other"/>, in words (a resumed benchmark must be the same one).</summary>
    public IEnumerable<string> DifferencesFrom(BenchmarkPlan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Workloads.SequenceEqual(other.Workloads)) yield return $"workloads {string.Join(" ", other.Workloads.Select(w => w.Name))} → {string.Join(" ", Workloads.Select(w => w.Name))}";
        if (!Optimizers.SequenceEqual(other.Optimizers)) yield return $"optimizers {string.Join(" ", other.Optimizers)} → {string.Join(" ", Optimizers)}";
        if (!Seeds.SequenceEqual(other.Seeds)) yield return $"seeds {string.Join(",", other.Seeds)} → {string.Join(",", Seeds)}";
        if (Quick != other.Quick) yield return Quick ? "full budget → --quick" : "--quick → full budget";
    }
}

/// <summary>One workload of a benchmark as it ran: its name, its budget's epochs and its target accuracy (%).</summary>
public sealed record BenchmarkWorkload(string Name, int Epochs, double TargetAccuracy)
{
    public static BenchmarkWorkload Of(Workload workload, bool quick)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var budget = workload.BudgetFor(quick);
        return new BenchmarkWorkload(workload.Name, budget.Epochs, budget.TargetAccuracy);
    }
}
