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
    public void Save(ExperimentFolder folder) => JsonRecord.Save((folder ?? throw new ArgumentNullException(nameof(folder))).BenchmarkPlan, this);

    public static BenchmarkPlan? TryLoad(ExperimentFolder folder) =>
        JsonRecord.TryLoad<BenchmarkPlan>((folder ?? throw new ArgumentNullException(nameof(folder))).BenchmarkPlan, "a benchmark plan", "is the folder a velograd benchmark output?");

    /// <summary>What differs from <paramref name="other"/>, in words (a resumed benchmark must be the same one).</summary>
    public IEnumerable<string> DifferencesFrom(BenchmarkPlan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        // Each workload's specs follow from the optimizers (said below): compare the workloads themselves.
        static IEnumerable<BenchmarkWorkload> Bare(IEnumerable<BenchmarkWorkload> w) => w.Select(x => x with { Optimizers = null });
        if (!Bare(Workloads).SequenceEqual(Bare(other.Workloads))) yield return $"workloads {string.Join(" ", other.Workloads.Select(w => w.Name))} → {string.Join(" ", Workloads.Select(w => w.Name))}";
        if (!Optimizers.SequenceEqual(other.Optimizers)) yield return $"optimizers {string.Join(" ", other.Optimizers)} → {string.Join(" ", Optimizers)}";
        if (!Seeds.SequenceEqual(other.Seeds)) yield return $"seeds {string.Join(",", other.Seeds)} → {string.Join(",", Seeds)}";
        if (Quick != other.Quick) yield return Quick ? "full budget → --quick" : "--quick → full budget";
        if (Tuning != other.Tuning) yield return $"tuning {other.Tuning?.ToString() ?? "none"} → {Tuning?.ToString() ?? "none"}";
    }
}

/// <summary>One workload of a benchmark as it ran: its name, its epochs, the metric it is judged by, the target of that
/// metric (accuracy in %, at least; a loss, at most) and, in the plan's order of optimizers, the spec each ran as here
/// (a DeepOBS baseline at the rate DeepOBS tuned for this problem; null in plans written before: the plan's own).</summary>
public sealed record BenchmarkWorkload(string Name, int Epochs, double Target, WorkloadMetric Metric = WorkloadMetric.Accuracy,
    IReadOnlyList<OptimizerSpec>? Optimizers = null)
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

    /// <summary><paramref name="workload"/> with <paramref name="optimizers"/> as they run there; <paramref name="epochs"/>
    /// replaces its budget's.</summary>
    public static BenchmarkWorkload Of(Workload workload, bool quick, IReadOnlyList<OptimizerSpec> optimizers, int? epochs = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(optimizers);
        var budget = workload.BudgetFor(quick);
        return new BenchmarkWorkload(workload.Name, epochs ?? budget.Epochs, budget.Target, workload.Metric, [.. optimizers.Select(workload.OptimizerFor)]);
    }

    /// <summary>The spec the plan's optimizer <paramref name="index"/> (<paramref name="planSpec"/>) ran as on this workload.</summary>
    public OptimizerSpec RanAs(int index, OptimizerSpec planSpec) => Optimizers is { } specs && index < specs.Count ? specs[index] : planSpec;

    public bool Equals(BenchmarkWorkload? other) => other is not null && Name == other.Name && Epochs == other.Epochs && Target.Equals(other.Target)
        && Metric == other.Metric && (Optimizers ?? []).SequenceEqual(other.Optimizers ?? []);

    public override int GetHashCode() => HashCode.Combine(Name, Epochs, Target, Metric);
}

/// <summary>
/// How <c>benchmark --tune</c> tunes each optimizer on each workload, as <c>tune</c> does: <paramref name="GridPoints"/>
/// learning rates <paramref name="GridFactor"/>× apart around the optimizer's default, each trial over
/// <paramref name="TuneSeeds"/> seeds with the workload's budget, judged on a validation split of
/// <paramref name="ValidationSplit"/> of its training set; the final runs on the benchmark's seeds, which follow the
/// tuning's. Each workload's folder is then a tuning (tune.json, tuning/, final/). With <paramref name="Grid"/>
/// <c>deepobs</c>, every optimizer gets DeepOBS's own grid instead: the 36 rates 10⁻⁵ … 10² (five per decade) whatever
/// its default.
/// </summary>
public sealed record BenchmarkTuning(int GridPoints, double GridFactor, int TuneSeeds, double ValidationSplit,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Grid = null)
{
    public const string DeepObsGrid = "deepobs";

    /// <summary>DeepOBS's learning-rate grid: 10^(k/5) for k = −25 … 10, 36 rates from 10⁻⁵ to 10².</summary>
    public static IReadOnlyList<double> DeepObsRates { get; } = [.. Enumerable.Range(-25, 36).Select(k => Math.Pow(10, k / 5.0))];

    public bool IsDeepObs => Grid == DeepObsGrid;

    public override string ToString() => IsDeepObs
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"DeepOBS's grid (36 rates 1e-5 … 1e2), {Counted.Of(TuneSeeds, "seed")}, validation {ValidationSplit:0.###}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{GridPoints} rates ×{GridFactor:0.###} apart, {Counted.Of(TuneSeeds, "seed")}, validation {ValidationSplit:0.###}");
}
