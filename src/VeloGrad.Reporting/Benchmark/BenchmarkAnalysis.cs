using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Benchmark;

/// <summary>
/// "Does it help?" across a benchmark's workloads: per workload each optimizer's final test metric (accuracy, or the
/// loss of a model that is its own loss; mean, 95 % CI), its epochs and seconds to the workload's target, and whether it wins, loses or is level there (paired t-tests over
/// the shared seeds against the best); across workloads the performance profiles by epochs and by seconds to target
/// (<see cref="PerformanceProfile"/>), their AlgoPerf-style scores, and a sentence per optimizer.
/// </summary>
public sealed record BenchmarkAnalysis(
    IReadOnlyList<string> Optimizers,
    IReadOnlyList<BenchmarkAnalysis.WorkloadResult> Workloads,
    BenchmarkAnalysis.Profile ByEpochs,
    BenchmarkAnalysis.Profile BySeconds,
    IReadOnlyList<string> Sentences,
    BenchmarkTuning? Tuning = null)
{
    /// <summary>Each DeepOBS problem of the benchmark beside DeepOBS's published baselines.</summary>
    public IReadOnlyList<DeepObsComparison> DeepObs { get; init; } = [];

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>One workload: its metric, its target and each optimizer's result there.</summary>
    public sealed record WorkloadResult(string Workload, WorkloadMetric Metric, double Target, int Epochs, IReadOnlyList<OptimizerResult> Optimizers);

    /// <summary>One optimizer on one workload. The costs are the mean epochs and seconds to the target over the seeds,
    /// +∞ unless every seed reached it (a target reached by luck is not reached). <paramref name="Final"/> is the
    /// workload's metric after the last epoch; <paramref name="Paired"/>'s difference is the better one's advantage
    /// (accuracy points above, or loss below, the other).</summary>
    public sealed record OptimizerResult(string Optimizer, int Seeds, ComparisonAnalysis.Estimate? Final, int Reached,
        ComparisonAnalysis.Estimate? EpochsToTarget, ComparisonAnalysis.Estimate? SecondsToTarget, double EpochCost, double SecondCost,
        Standing Standing, string? Against, PairedTest? Paired, string? TunedSetting = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Diverged = 0);

    /// <summary>Where an optimizer stands on a workload.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<Standing>))]
    public enum Standing
    {
        /// <summary>Best final metric, significantly (paired, 5 %) better than every other optimizer's.</summary>
        [JsonStringEnumMemberName("wins")] Wins,
        /// <summary>Significantly below the best.</summary>
        [JsonStringEnumMemberName("loses")] Loses,
        /// <summary>No difference to the best (or, for the best, to some other) that is significant.</summary>
        [JsonStringEnumMemberName("not significant")] NotSignificant,
        /// <summary>Fewer than two seeds shared with the optimizer it is compared with, or no completed run.</summary>
        [JsonStringEnumMemberName("not testable")] NotTestable,
        /// <summary>Every run it made diverged: it failed the workload (its costs are +∞).</summary>
        [JsonStringEnumMemberName("diverged")] Diverged,
    }

    /// <summary>A performance profile by one measure: the ratios to the best per workload and optimizer, and each
    /// optimizer's score (area under ρ up to 4×, over 3).</summary>
    public sealed record Profile(string Measure, IReadOnlyList<IReadOnlyList<double>> Ratios, IReadOnlyList<double> Scores)
    {
        public static Profile Of(string measure, PerformanceProfile profile)
        {
            ArgumentNullException.ThrowIfNull(profile);
            return new Profile(measure, profile.Ratios, [.. Enumerable.Range(0, profile.Optimizers.Count).Select(profile.Score)]);
        }

        public PerformanceProfile Arithmetic(IReadOnlyList<string> optimizers, IReadOnlyList<string> workloads) => new(optimizers, workloads, Ratios);
    }

    /// <summary>The analysis of a benchmark folder's workloads (each OUT/&lt;workload&gt;/ an experiment).</summary>
    public static BenchmarkAnalysis Load(BenchmarkPlan plan, string folder)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var experiment = new ExperimentFolder(folder);
        // A tuned workload's runs to judge are its final comparison's, at each optimizer's chosen setting.
        var sources = plan.Workloads.Select(w => plan.Tuning is null ? experiment.Workload(w.Name) : new ExperimentFolder(experiment.Workload(w.Name).Path).Final);
        var sets = sources.Select(s => Directory.Exists(s.Runs) ? ComparisonSet.Load([s.Path]) : null).ToList();
        return Of(plan, sets);
    }

    /// <param name="sets">Each workload's runs, in the plan's order (null: none yet).</param>
    public static BenchmarkAnalysis Of(BenchmarkPlan plan, IReadOnlyList<ComparisonSet?> sets)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sets);
        var names = plan.Optimizers.Select(o => o.DisplayName).ToList();
        var workloads = new List<WorkloadResult>();
        var deepObs = new List<DeepObsComparison>();
        for (int w = 0; w < plan.Workloads.Count; w++)
        {
            var workload = plan.Workloads[w];
            var runs = plan.Optimizers.Select((spec, i) => sets[w]?.Optimizers.FirstOrDefault(o => Ran(plan, workload.RanAs(i, spec), o))).ToList();
            var standings = Standings(names, runs, workload.Target, workload.Metric);
            if (DeepObsComparison.Of(workload, plan.Optimizers, runs, VeloGrad.Runs.WorkloadCatalog.All.FirstOrDefault(x => x.Name == workload.Name)?.BaselineRatesNote) is { } beside)
                deepObs.Add(beside);
            // Runs that diverged are no result, but they are a finding: counted, and an optimizer with nothing else diverged.
            var diverged = plan.Optimizers.Select((spec, i) => sets[w]?.Unfinished.Count(r => r.History.Status == RunStatus.Diverged && RanAs(plan, workload.RanAs(i, spec), r.Spec)) ?? 0).ToList();
            standings = [.. standings.Select((r, i) => diverged[i] == 0 ? r
                : r with { Diverged = diverged[i], Standing = r.Seeds == 0 ? Standing.Diverged : r.Standing })];
            if (plan.Tuning is not null)
                standings = [.. standings.Select((r, i) => r with { TunedSetting = runs[i]?.Runs[0].Spec.ToString() })];
            workloads.Add(new WorkloadResult(workload.Name, workload.Metric, workload.Target, workload.Epochs, standings));
        }
        var workloadNames = workloads.Select(w => w.Workload).ToList();
        var byEpochs = PerformanceProfile.Of(names, workloadNames, [.. workloads.Select(w => (IReadOnlyList<double>)[.. w.Optimizers.Select(o => o.EpochCost)])]);
        var bySeconds = PerformanceProfile.Of(names, workloadNames, [.. workloads.Select(w => (IReadOnlyList<double>)[.. w.Optimizers.Select(o => o.SecondCost)])]);
        var analysis = new BenchmarkAnalysis(names, workloads, Profile.Of("epochs", byEpochs), Profile.Of("seconds", bySeconds), [], plan.Tuning) { DeepObs = deepObs };
        return analysis with { Sentences = [.. names.Select((_, i) => analysis.Sentence(i))] };
    }

    /// <summary>Whether <paramref name="runs"/> are <paramref name="spec"/>, the plan's optimizer as it ran on the workload: the same
    /// spec, or, tuned, the same one at whatever learning rate the tuning chose.</summary>
    private static bool Ran(BenchmarkPlan plan, OptimizerSpec spec, OptimizerRuns runs) => runs.Runs.Count > 0 && RanAs(plan, spec, runs.Runs[0].Spec);

    private static bool RanAs(BenchmarkPlan plan, OptimizerSpec spec, OptimizerSpec ran) => plan.Tuning is null
        ? ran.Equals(spec)
        : ran.Without(OptimizerCatalog.RateKey).Equals(spec.Without(OptimizerCatalog.RateKey));

    private static IReadOnlyList<OptimizerResult> Standings(IReadOnlyList<string> names, IReadOnlyList<OptimizerRuns?> runs, double target, WorkloadMetric metric)
    {
        static double Final(RunRecord r) => r.FinalMetric;
        int? best = null;
        for (int i = 0; i < runs.Count; i++)
            if (runs[i] is { } r && (best is not int b || metric.Advantage(r.Of(Final).Mean, runs[b]!.Of(Final).Mean) > 0)) best = i;
        var results = new List<OptimizerResult>();
        for (int i = 0; i < runs.Count; i++)
        {
            if (runs[i] is not { } mine)
            {
                results.Add(new OptimizerResult(names[i], 0, null, 0, null, null, double.PositiveInfinity, double.PositiveInfinity, Standing.NotTestable, null, null));
                continue;
            }
            var epochs = mine.Runs.Select(r => r.EpochsToReach(target)).ToList();
            var seconds = mine.Runs.Select(r => r.SecondsToReach(target)).ToList();
            int reached = epochs.Count(e => e is not null);
            bool always = reached == mine.Runs.Count;
            var epochEstimate = ComparisonAnalysis.Estimate.Of([.. epochs.Where(e => e is not null).Select(e => (double)e!.Value)], lowest: 1);
            var secondEstimate = ComparisonAnalysis.Estimate.Of([.. seconds.Where(s => s is not null).Select(s => s!.Value)]);
            var (standing, against, paired) = StandingOf(i, best!.Value, runs, names, metric);
            results.Add(new OptimizerResult(names[i], mine.Seeds, ComparisonAnalysis.Estimate.Of([.. mine.Runs.Select(Final)], 0, metric == WorkloadMetric.Accuracy ? 100 : double.PositiveInfinity), reached, epochEstimate, secondEstimate,
                always ? epochEstimate!.Mean : double.PositiveInfinity, always ? secondEstimate!.Mean : double.PositiveInfinity, standing, against, paired));
        }
        return results;
    }

    /// <summary>The best against each other optimizer (it wins if it beats them all), any other against the best.</summary>
    private static (Standing, string?, PairedTest?) StandingOf(int i, int best, IReadOnlyList<OptimizerRuns?> runs, IReadOnlyList<string> names, WorkloadMetric metric)
    {
        // Paired over seeds, the difference is the first one's advantage: accuracy above, or loss below, the second's.
        PairedTest? Advantage(OptimizerRuns first, OptimizerRuns second) => metric.HigherIsBetter()
            ? PairedTest.Of(first.BySeed(r => r.FinalMetric), second.BySeed(r => r.FinalMetric))
            : PairedTest.Of(second.BySeed(r => r.FinalMetric), first.BySeed(r => r.FinalMetric));
        if (i != best)
        {
            var test = Advantage(runs[best]!, runs[i]!);
            return test is null ? (Standing.NotTestable, names[best], null)
                : (test.P < ComparisonAnalysis.Significance && test.Difference > 0 ? Standing.Loses : Standing.NotSignificant, names[best], test);
        }
        PairedTest? weakest = null;
        string? closest = null;
        for (int j = 0; j < runs.Count; j++)
        {
            if (j == i || runs[j] is null) continue;
            var test = Advantage(runs[i]!, runs[j]!);
            if (test is null) return (Standing.NotTestable, names[j], null);
            if (weakest is null || test.P > weakest.P) (weakest, closest) = (test, names[j]);
        }
        if (weakest is null) return (Standing.NotTestable, null, null); // alone on the workload
        return (weakest.P < ComparisonAnalysis.Significance && weakest.Difference > 0 ? Standing.Wins : Standing.NotSignificant, closest, weakest);
    }

    /// <summary>Where optimizer <paramref name="o"/> wins, loses and is level, and its profile scores, in a sentence.</summary>
    private string Sentence(int o)
    {
        string name = Optimizers[o];
        string Where(Standing s) => string.Join(", ", Workloads.Where(w => w.Optimizers[o].Standing == s).Select(w => Described(w, w.Optimizers[o])));
        var parts = new List<string>();
        if (Where(Standing.Wins) is { Length: > 0 } wins) parts.Add($"wins on {wins}");
        if (Where(Standing.Loses) is { Length: > 0 } losses) parts.Add($"loses on {losses}");
        if (Where(Standing.NotSignificant) is { Length: > 0 } level) parts.Add($"nothing significant on {level}");
        if (Where(Standing.Diverged) is { Length: > 0 } diverged) parts.Add($"diverged on {diverged}");
        if (Where(Standing.NotTestable) is { Length: > 0 } untested) parts.Add($"not testable on {untested}");
        if (Unreached.Count == Workloads.Count) return $"{name}: {string.Join("; ", parts)}. Profile scores: none, as {ProfileCaveat}.";
        return string.Create(C, $"{name}: {string.Join("; ", parts)}. Profile scores (1: fastest to every target, 0: never within {PerformanceProfile.MaxRatio:0}× the fastest): {ByEpochs.Scores[o]:F2} by epochs, {BySeconds.Scores[o]:F2} by seconds{(ProfileCaveat is { } caveat ? $" ({caveat})" : "")}.");
    }

    private static string Described(WorkloadResult w, OptimizerResult r) => r switch
    {
        { Paired: { } p, Against: { } other, Standing: Standing.Wins or Standing.NotSignificant } when IsBest(w, r)
            => w.Metric == WorkloadMetric.Loss
                ? string.Create(C, $"{w.Workload} (best, loss {p.Difference:0.000} below {other}'s, paired {ReportFormat.P(p.P)})")
                : string.Create(C, $"{w.Workload} (best, {p.Difference:+0.00;-0.00;0.00} points over {other}, paired {ReportFormat.P(p.P)})"),
        { Paired: { } p, Against: { } other } => w.Metric == WorkloadMetric.Loss
            ? string.Create(C, $"{w.Workload} (loss {p.Difference:0.000} above {other}'s, paired {ReportFormat.P(p.P)})")
            : string.Create(C, $"{w.Workload} ({-p.Difference:+0.00;-0.00;0.00} points against {other}, paired {ReportFormat.P(p.P)})"),
        _ => w.Workload,
    };

    private static bool IsBest(WorkloadResult w, OptimizerResult r) => r.Final is { } mine
        && w.Optimizers.All(x => x.Final is not { } other || w.Metric.Advantage(mine.Mean, other.Mean) >= 0);

    /// <summary>The workloads on which no optimizer reached the target on every seed: they count against every optimizer's
    /// profile score alike, and when they are all of them the scores measure nothing (a run cut short by --epochs keeps
    /// its budget's target).</summary>
    public IReadOnlyList<string> Unreached => [.. Workloads.Where(w => w.Optimizers.All(o => double.IsPositiveInfinity(o.EpochCost))).Select(w => w.Workload)];

    /// <summary>Why the profile scores say little, or nothing: the workloads no optimizer reached (null: none).</summary>
    private string? ProfileCaveat => Unreached.Count == 0 ? null
        : Unreached.Count == Workloads.Count
            ? "no optimizer reached any workload's target on every seed within the epochs it trained (the targets are the budgets'), so the profile scores measure nothing here: train the budget's epochs, or read the final figures"
            : $"no optimizer reached the target on {string.Join(", ", Unreached)}, which counts against every optimizer alike";

    public string ToJson() => JsonSerializer.Serialize(this, ReportFormat.Json);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Does it help? The benchmark across workloads");
        md.AppendLine();
        md.AppendLine("Final accuracy (or, for a model that is its own loss, that loss: lower is better) on each workload's test set (mean and 95 % CI over seeds; \"cut\": the t interval reached past what the figure can be, 0–100 % or below 0, and is cut there: too few seeds for a tighter one); epochs and seconds until a run first reaches the workload's target; " +
            "wins/loses by paired t-tests (5 %) over the seeds every optimizer shares, the best against each other optimizer and every other against the best.");
        if (Tuning is { } t)
        {
            md.AppendLine();
            md.AppendLine(t.IsDeepObs
                ? string.Create(C, $"Each optimizer was tuned per workload first, on DeepOBS's grid (the 36 learning rates 10⁻⁵ … 10², five per decade), each trial over {Counted.Of(t.TuneSeeds, "seed")} with the workload's budget, judged by its final figure on a validation split of {t.ValidationSplit:P0} of its training set (DeepOBS judged on the test set); the final runs, at each choice, on other seeds (the tuning of each workload is in its folder).")
                : string.Create(C, $"Each optimizer was tuned per workload first: {t.GridPoints} learning rates ×{t.GridFactor:0.###} apart around its rate, each trial over {Counted.Of(t.TuneSeeds, "seed")} with the workload's budget, judged on a validation split of {t.ValidationSplit:P0} of its training set; the final runs, at each choice, on other seeds (the tuning of each workload is in its folder)."));
        }
        foreach (var w in Workloads)
        {
            md.AppendLine();
            md.AppendLine(C, $"## {w.Workload} (target {w.Metric.Target(w.Target)}, {Counted.Of(w.Epochs, "epoch")})");
            md.AppendLine();
            md.AppendLine($"| optimizer | seeds | {(w.Metric == WorkloadMetric.Loss ? "final test loss" : "final accuracy (%)")} | reached | epochs to target | seconds to target | standing |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
            foreach (var r in w.Optimizers)
                md.AppendLine(C, $"| {r.Optimizer}{(r.TunedSetting is { } tuned ? $" (tuned: {tuned})" : "")} | {r.Seeds}{(r.Diverged > 0 ? $" ({r.Diverged} diverged)" : "")} | {Format(r.Final, w.Metric.Format())} | {r.Reached}/{r.Seeds} | {Format(r.EpochsToTarget, "F1")} | {Format(r.SecondsToTarget, ReportFormat.SecondsFormat(r.SecondsToTarget?.Mean ?? 0))} | {Standings(r)} |");
        }
        md.AppendLine();
        md.AppendLine(C, $"## Performance profiles (Dolan–Moré; score: area under ρ(τ) for τ from 1 to {PerformanceProfile.MaxRatio:0}, over {PerformanceProfile.MaxRatio - 1:0})");
        md.AppendLine();
        md.AppendLine("| optimizer | score by epochs | score by seconds | workloads reached by epochs within 1×, 2×, 4× the best |");
        md.AppendLine("|---|---:|---:|---|");
        var epochs = ByEpochs.Arithmetic(Optimizers, [.. Workloads.Select(w => w.Workload)]);
        for (int o = 0; o < Optimizers.Count; o++)
            md.AppendLine(C, $"| {Optimizers[o]} | {ByEpochs.Scores[o]:F2} | {BySeconds.Scores[o]:F2} | {string.Join(", ", new[] { 1.0, 2, 4 }.Select(t => $"{epochs.Fraction(o, t):P0}"))} |");
        if (ProfileCaveat is { } caveat) md.AppendLine().AppendLine($"Note: {caveat}.");
        if (DeepObs.Count > 0) AppendDeepObs(md);
        md.AppendLine();
        md.AppendLine("## In a sentence");
        md.AppendLine();
        foreach (var s in Sentences) md.AppendLine($"- {s}");
        return md.ToString();
    }

    /// <summary>The DeepOBS problems beside DeepOBS's published baselines (<see cref="DeepObsComparison"/>).</summary>
    private void AppendDeepObs(StringBuilder md)
    {
        var published = DeepObsBaselines.Published;
        md.AppendLine();
        md.AppendLine("## Beside DeepOBS's published baselines");
        md.AppendLine();
        md.AppendLine($"DeepOBS's figures: {published.Source}. {published.Protocol} Ours and theirs are compared at the same epoch; " +
            "± is one standard deviation over the runs; two figures agree when their means differ by at most twice the runs' spread (√(s₁² + s₂²); " +
            "a side with one run borrows the other's standard deviation). Each of our DeepOBS baselines is set beside DeepOBS's run of it; every other optimizer beside DeepOBS's best baseline at that epoch. The figure is deepobs.png.");
        foreach (var d in DeepObs)
        {
            md.AppendLine();
            md.AppendLine(C, $"### {d.Problem}: test {d.Metric.Noun()} after {Counted.Of(d.Epoch, "epoch")}");
            if (d.RatesNote is { } note) md.AppendLine().AppendLine($"{note}.");
            if (d.Subset) md.AppendLine().AppendLine("These runs trained and were evaluated on subsets of the data (a quick budget): not DeepOBS's problem, so their figures stand beside DeepOBS's without a verdict. Run the full data (without --quick; --epochs for a shorter budget) to compare.");
            md.AppendLine();
            md.AppendLine("| ours | our figure | beside | their figure | their learning rate | verdict |");
            md.AppendLine("|---|---:|---|---:|---:|---|");
            foreach (var r in d.Rows)
                md.AppendLine(C, $"| {r.Optimizer} | {d.Describe(r.Ours)} | {r.Against} | {d.Describe(r.Published)} | {(r.PublishedRate is double lr ? lr.ToString("G4", C) : "—")} | {Verdict(d, r)} |");
            md.AppendLine();
            foreach (var r in d.Rows) md.AppendLine($"- {d.Sentence(r)}");
        }
    }

    private static string Verdict(DeepObsComparison d, DeepObsComparison.Row r) => r.Verdict switch
    {
        DeepObsComparison.Agreement.Agree => "agree",
        DeepObsComparison.Agreement.Better => string.Create(C, $"better by {Math.Abs(r.Advantage!.Value).ToString(d.Metric.Format(), C)}{d.Metric.DifferenceUnit()}"),
        DeepObsComparison.Agreement.Worse => string.Create(C, $"worse by {Math.Abs(r.Advantage!.Value).ToString(d.Metric.Format(), C)}{d.Metric.DifferenceUnit()}"),
        DeepObsComparison.Agreement.UnknownSpread => "one run each: spread unknown",
        DeepObsComparison.Agreement.NotComparable => "not comparable (subset)",
        _ => "no runs",
    };

    private static string Standings(OptimizerResult r) => r.Standing switch
    {
        Standing.Wins => $"wins ({ReportFormat.P(r.Paired!.P)} against {r.Against})",
        Standing.Loses => $"loses to {r.Against} ({ReportFormat.P(r.Paired!.P)})",
        Standing.NotSignificant when r.Paired is { } p => $"level with {r.Against} ({ReportFormat.P(p.P)})",
        Standing.NotSignificant => "level",
        Standing.Diverged => "diverged on every seed",
        _ => "not testable",
    };

    private static string Format(ComparisonAnalysis.Estimate? e, string format) => e is null ? "—"
        : e.Low95 is double low && e.High95 is double high ? $"{Number(e.Mean, format)} ({Number(low, format)}–{Number(high, format)}{(e.Clamped ? ", cut" : "")})" : Number(e.Mean, format);

    /// <summary>The number as the format rounds it, without the "-0" a tiny negative would round to.</summary>
    private static string Number(double x, string format)
    {
        string text = x.ToString(format, C);
        return text.TrimStart('-').All(c => c is '0' or '.') ? text.TrimStart('-') : text;
    }
}
