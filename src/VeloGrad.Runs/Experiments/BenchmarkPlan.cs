using System.Text.Json;

namespace VeloGrad.Runs;

/// <summary>
/// A benchmark: every workload × optimizer × seed, each workload an experiment of its own in OUT/&lt;workload&gt;/ (its
/// plan, runs and comparison), and the judgement across them in OUT/benchmark.*. Saved as OUT/benchmark-plan.json, so that
/// a resume or a report knows the workloads, their targets and budgets as they were when it ran.
/// </summary>
/// <param name="Tuning">How each optimizer is tuned per workload before its final runs (null: run at the settings given).</param>
public sealed record BenchmarkPlan(IReadOnlyList<BenchmarkWorkload> Workloads, IReadOnlyList<OptimizerSpec> Optimizers, IReadOnlyList<ulong> Seeds, bool Quick,
    BenchmarkTuning? Tuning = null)
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
        if (Tuning != other.Tuning) yield return $"tuning {other.Tuning?.ToString() ?? "none"} → {Tuning?.ToString() ?? "none"}";
    }
}

/// <summary>One workload of a benchmark as it ran: its name, its budget's epochs, the metric it is judged by and the
/// target of that metric (accuracy in %, at least; a loss, at most).</summary>
public sealed record BenchmarkWorkload(string Name, int Epochs, double Target, WorkloadMetric Metric = WorkloadMetric.Accuracy)
{
    /// <summary>Plans written before workloads had other metrics named their target so; read, never written.</summary>
    [System.Text.Json.Serialization.JsonInclude]
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    [System.Text.Json.Serialization.JsonPropertyName("target_accuracy")]
    private double? LegacyTargetAccuracy
    {
        get => null;
        init { if (value is double target) Target = target; }
    }

    public static BenchmarkWorkload Of(Workload workload, bool quick)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var budget = workload.BudgetFor(quick);
        return new BenchmarkWorkload(workload.Name, budget.Epochs, budget.Target, workload.Metric);
    }
}

/// <summary>
/// How <c>benchmark --tune</c> tunes each optimizer on each workload, as <c>tune</c> does: <paramref name="GridPoints"/>
/// learning rates <paramref name="GridFactor"/>× apart around the optimizer's default, each trial over
/// <paramref name="TuneSeeds"/> seeds with the workload's budget, judged on a validation split of
/// <paramref name="ValidationSplit"/> of its training set; the final runs on the benchmark's seeds, which follow the
/// tuning's. Each workload's folder is then a tuning (tune.json, tuning/, final/).
/// </summary>
public sealed record BenchmarkTuning(int GridPoints, double GridFactor, int TuneSeeds, double ValidationSplit)
{
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{GridPoints} rates ×{GridFactor:0.###} apart, {TuneSeeds} seed(s), validation {ValidationSplit:0.###}");
}
