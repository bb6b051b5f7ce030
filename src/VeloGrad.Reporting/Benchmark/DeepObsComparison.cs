using System.Globalization;
using System.Text.Json.Serialization;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Benchmark;

/// <summary>
/// One DeepOBS problem of a benchmark beside DeepOBS's published baselines (<see cref="DeepObsBaselines"/>): at the last
/// epoch both ran and DeepOBS published (our budget's, or the latest of DeepOBS's 0, 1, 2, 5, 10 and last before it), each
/// of our DeepOBS baselines against DeepOBS's own runs of it, and every other optimizer (VeloGrad) against DeepOBS's best
/// published baseline there. Two figures agree when their means differ by at most twice the spread of single runs
/// (√(s₁² + s₂²) with each side's standard deviation over its seeds; a side with one run borrows the other's); with one run
/// on each side the spread is unknown and nothing is claimed. Runs on a subset of the data (a quick budget's) are not
/// DeepOBS's problem: their figures are shown, and no verdict is given (<see cref="Subset"/>).
/// </summary>
public sealed record DeepObsComparison(string Problem, int Epoch, WorkloadMetric Metric, string BestPublished, double BestPublishedMean,
    IReadOnlyList<DeepObsComparison.Row> Rows, string? RatesNote, bool Subset = false)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A figure's mean, standard deviation over its runs (0 for one) and number of runs.</summary>
    public sealed record Figure(double Mean, double Sd, int Runs);

    /// <summary>How two figures relate.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<Agreement>))]
    public enum Agreement
    {
        [JsonStringEnumMemberName("agree")] Agree,
        [JsonStringEnumMemberName("better")] Better,
        [JsonStringEnumMemberName("worse")] Worse,
        [JsonStringEnumMemberName("unknown spread")] UnknownSpread,
        [JsonStringEnumMemberName("no runs")] NoRuns,
        [JsonStringEnumMemberName("not comparable")] NotComparable,
    }

    /// <summary>One of our optimizers: its figure, what it is set beside (DeepOBS's run of the same baseline, or DeepOBS's best
    /// baseline) and how they relate; <paramref name="Advantage"/> is ours over theirs (accuracy above, or loss below).</summary>
    public sealed record Row(string Optimizer, string? DeepObsName, Figure? Ours, string Against, Figure? Published, double? PublishedRate,
        Agreement Verdict, double? Advantage);

    /// <summary>The comparison for <paramref name="workload"/>, or null where DeepOBS published no baselines for it.</summary>
    public static DeepObsComparison? Of(BenchmarkWorkload workload, IReadOnlyList<OptimizerSpec> planSpecs, IReadOnlyList<OptimizerRuns?> runs, string? ratesNote = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(planSpecs);
        ArgumentNullException.ThrowIfNull(runs);
        if (DeepObsBaselines.Published.Of(workload.Name) is not { } published) return null;
        int epoch = PublishedEpochs(published).Where(e => e <= workload.Epochs).DefaultIfEmpty(0).Max();
        var best = published.Baselines.Select(b => (b.Optimizer, Mean: b.MeanAt(epoch)))
            .Where(b => b.Mean is not null).OrderByDescending(b => workload.Metric.Advantage(b.Mean!.Value, 0)).First();
        var bestFigure = FigureOf(published.Of(best.Optimizer)!.At(epoch));
        // A quick budget trains and evaluates on subsets: not DeepOBS's problem, so no verdict is given.
        bool subset = runs.Any(r => r is not null && r.Runs.Any(x => x.History.Config.TrainLimit is not null || x.History.Config.TestLimit is not null));
        var rows = new List<Row>();
        for (int i = 0; i < planSpecs.Count; i++)
        {
            var ours = runs[i] is { Runs.Count: > 0 } r ? FigureOf([.. r.Runs.Where(x => At(x, epoch) is not null).Select(x => At(x, epoch)!.Value)]) : null;
            string name = runs[i]?.Optimizer ?? workload.RanAs(i, planSpecs[i]).DisplayName;
            string? deepObs = DeepObsOptimizers.NameOf(planSpecs[i]);
            // A DeepOBS baseline beside DeepOBS's run of it; anything else beside DeepOBS's best.
            var (against, figure, rate) = deepObs is not null && published.Of(deepObs) is { } theirs
                ? ($"DeepOBS's {deepObs}", FigureOf(theirs.At(epoch)), theirs.LearningRate)
                : ($"DeepOBS's best, {best.Optimizer}", bestFigure, published.Of(best.Optimizer)!.LearningRate);
            rows.Add(new Row(name, deepObs, ours, against, figure, rate,
                subset ? Agreement.NotComparable : Relate(ours, figure, workload.Metric), Advantage(ours, figure, workload.Metric)));
        }
        return new DeepObsComparison(workload.Name, epoch, workload.Metric, best.Optimizer, best.Mean!.Value, rows, ratesNote, subset);
    }

    /// <summary>The epochs at which DeepOBS's figures are carried: 0, 1, 2, 5, 10 and its budget's last.</summary>
    private static IEnumerable<int> PublishedEpochs(DeepObsProblemBaselines published) =>
        published.Baselines.SelectMany(b => b.Runs).SelectMany(r => r.Test.Keys).Select(k => int.Parse(k, C)).Distinct().Order();

    /// <summary>A run's metric after <paramref name="epoch"/> epochs (0: the evaluation before the first step), or null.</summary>
    private static double? At(RunRecord run, int epoch)
    {
        var history = run.History;
        if (epoch == 0) return history.Initial is { } initial ? run.Metric.Of(initial) : null;
        return epoch <= history.Epochs.Count ? run.Metric.Of(history.Epochs[epoch - 1]) : null;
    }

    private static Figure? FigureOf(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var sample = new Sample(values);
        return new Figure(sample.Mean, sample.StandardDeviation, values.Count);
    }

    private static double? Advantage(Figure? ours, Figure? theirs, WorkloadMetric metric) =>
        ours is null || theirs is null ? null : metric.Advantage(ours.Mean, theirs.Mean);

    private static Agreement Relate(Figure? ours, Figure? theirs, WorkloadMetric metric)
    {
        if (ours is null || theirs is null) return Agreement.NoRuns;
        double? spread = Spread(ours, theirs);
        if (spread is null) return Agreement.UnknownSpread;
        double advantage = metric.Advantage(ours.Mean, theirs.Mean);
        return Math.Abs(advantage) <= 2 * spread.Value ? Agreement.Agree : advantage > 0 ? Agreement.Better : Agreement.Worse;
    }

    /// <summary>√(s₁² + s₂²), a side with one run borrowing the other's standard deviation; null with one run on each side.</summary>
    public static double? Spread(Figure a, Figure b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Runs < 2 && b.Runs < 2) return null;
        double sa = a.Runs < 2 ? b.Sd : a.Sd, sb = b.Runs < 2 ? a.Sd : b.Sd;
        return Math.Sqrt(sa * sa + sb * sb);
    }

    /// <summary>"87.44 ± 0.18 (4 runs)" (± one standard deviation over the runs).</summary>
    public string Describe(Figure? figure) => figure is null ? "—"
        : figure.Runs < 2 ? string.Create(C, $"{figure.Mean.ToString(Metric.Format(), C)} (1 run)")
        : string.Create(C, $"{figure.Mean.ToString(Metric.Format(), C)} ± {figure.Sd.ToString(Metric.Format(), C)} ({figure.Runs} runs)");

    /// <summary>The row in words.</summary>
    public string Sentence(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        string unit = Metric.DifferenceUnit();
        string diff = row.Advantage is double a ? Math.Abs(a).ToString(Metric.Format(), C) + unit : "";
        return row.Verdict switch
        {
            Agreement.Agree => $"{row.Optimizer}: {Describe(row.Ours)} against {row.Against}'s {Describe(row.Published)}: they agree (difference {diff}, within twice the runs' spread).",
            Agreement.Better => $"{row.Optimizer}: {Describe(row.Ours)} against {row.Against}'s {Describe(row.Published)}: better by {diff}, beyond twice the runs' spread.",
            Agreement.Worse => $"{row.Optimizer}: {Describe(row.Ours)} against {row.Against}'s {Describe(row.Published)}: worse by {diff}, beyond twice the runs' spread.",
            Agreement.UnknownSpread => $"{row.Optimizer}: {Describe(row.Ours)} against {row.Against}'s {Describe(row.Published)}: one run on each side, so their spread is unknown and nothing is claimed (difference {diff}).",
            Agreement.NotComparable => $"{row.Optimizer}: {Describe(row.Ours)} on a subset of the data, beside {row.Against}'s {Describe(row.Published)} on all of it: not comparable, no verdict.",
            _ => $"{row.Optimizer}: no finished run reached epoch {Epoch}, nothing to set beside {row.Against}'s {Describe(row.Published)}.",
        };
    }
}
