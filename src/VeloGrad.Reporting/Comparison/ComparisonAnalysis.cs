using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Comparison;

/// <summary>
/// The reference's statistical analysis — accuracy improvement of the subject (VeloGrad) over each baseline,
/// absolute and relative; loss reduction; time to reach a target (an accuracy, the reference's 70 %; or a loss to get under), in epochs and
/// seconds — plus, with several seeds, 95 % confidence intervals and Welch's t-test p-values, and, since every
/// optimizer runs on the same seeds, the paired t-test over the seeds both ran (with the seeds a paired design needs
/// for 80 % power), and a plain sentence per claim of the reference saying whether this comparison supports it (judged
/// by the paired test where the runs pair, else by Welch's). Accuracies are on the split the runs were
/// evaluated on (<see cref="EvaluatedOn"/>). Runs of a model that is its own loss (<see cref="Metric"/> loss) have no
/// accuracy: their analysis reduces the evaluation loss instead (<see cref="EvaluationLossReductions"/>), their target is
/// a loss to get under, and their claims are of losses.
/// </summary>
public sealed record ComparisonAnalysis(
    string Subject,
    string EvaluatedOn,
    IReadOnlyList<ComparisonAnalysis.Difference> AccuracyImprovements,
    IReadOnlyList<ComparisonAnalysis.Difference> LossReductions,
    IReadOnlyList<ComparisonAnalysis.TargetTime> TimeToTarget,
    IReadOnlyList<ComparisonAnalysis.Claim> Claims,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] WorkloadMetric Metric = WorkloadMetric.Accuracy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ComparisonAnalysis.Difference>? EvaluationLossReductions = null)
{
    /// <summary>The reference's target: 70 % validation accuracy.</summary>
    public const double DefaultTarget = 70.0;
    public const double Significance = 0.05;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Subject minus baseline (for loss reduction: baseline minus subject), absolute and relative (%).</summary>
    public sealed record Difference(string Baseline, double SubjectMean, double BaselineMean, double Absolute, double? RelativePercent,
        int SubjectSeeds, int BaselineSeeds, double? Low95, double? High95, double? P, PairedTest? Paired);

    /// <summary>Epochs and seconds (training and evaluation, summed over epochs) to first reach <paramref name="Target"/> %
    /// per seed (null: not reached), and their means with 95 % t intervals over the seeds that reached it.</summary>
    public sealed record TargetTime(string Optimizer, double Target, IReadOnlyList<int?> EpochsPerSeed, IReadOnlyList<double?> SecondsPerSeed,
        int Reached, Estimate? Epochs, Estimate? Seconds);

    /// <summary>A mean over seeds with its 95 % confidence interval (null with one value). A t interval over a few seeds
    /// can reach past what the quantity can be (an accuracy below 0 %, a time below 0 s): it is then cut at that bound,
    /// and <see cref="Clamped"/> says so, for the text to say it too.</summary>
    public sealed record Estimate(double Mean, double? Low95, double? High95, int Count, bool Clamped = false)
    {
        /// <param name="lowest">The least the quantity can be (0 for times, accuracies and these losses; 1 for epochs to a target).</param>
        /// <param name="highest">The most it can be (100 for an accuracy in %).</param>
        public static Estimate? Of(IReadOnlyList<double> values, double lowest = 0, double highest = double.PositiveInfinity)
        {
            if (values.Count == 0) return null;
            var sample = new Sample(values);
            if (values.Count < 2) return new Estimate(sample.Mean, null, null, 1);
            double half = StudentT.CriticalValue(0.05, values.Count - 1) * sample.StandardDeviation / Math.Sqrt(values.Count);
            double low = sample.Mean - half, high = sample.Mean + half;
            bool clamped = low < lowest || high > highest;
            return new Estimate(sample.Mean, Math.Max(low, lowest), Math.Min(high, highest), values.Count, clamped);
        }

        public string Format(string format, string unit) => Low95 is double low && High95 is double high
            ? $"{Mean.ToString(format, C)}{unit} (95 % CI {low.ToString(format, C)} to {high.ToString(format, C)}{(Clamped ? ", cut at what it can be: too few seeds for a tighter one" : "")}, {Count} seeds)"
            : $"{Mean.ToString(format, C)}{unit}";
    }

    /// <summary>A claim of the reference against one baseline and what this comparison says of it.</summary>
    public sealed record Claim(string Statement, string Baseline, Verdicts Verdict, string Sentence, double? P);

    /// <summary>What a comparison says of a claim.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<Verdicts>))]
    public enum Verdicts
    {
        [System.Text.Json.Serialization.JsonStringEnumMemberName("supported")] Supported,
        [System.Text.Json.Serialization.JsonStringEnumMemberName("contradicted")] Contradicted,
        [System.Text.Json.Serialization.JsonStringEnumMemberName("not significant")] NotSignificant,
        [System.Text.Json.Serialization.JsonStringEnumMemberName("tied")] Tied,
        [System.Text.Json.Serialization.JsonStringEnumMemberName("not testable with one seed")] NotTestable,
    }

    public static ComparisonAnalysis Of(ComparisonSet set, double target = DefaultTarget)
    {
        ArgumentNullException.ThrowIfNull(set);
        var subject = set.Subject ?? throw new InvalidOperationException("No completed run to analyse.");
        var baselines = set.Baselines.ToList();
        bool byLoss = set.Metric == WorkloadMetric.Loss;
        return new ComparisonAnalysis(
            subject.Optimizer,
            set.EvaluatedOn,
            byLoss ? [] : [.. baselines.Select(b => Compare(subject, b, r => r.FinalAccuracy, subjectMinusBaseline: true))],
            [.. baselines.Select(b => Compare(subject, b, r => r.FinalLoss, subjectMinusBaseline: false))],
            [.. set.Optimizers.Select(o => TimeOf(o, target))],
            [.. baselines.SelectMany(b => ClaimsAgainst(subject, b, byLoss ? LossClaims : ReferenceClaims))],
            set.Metric,
            byLoss ? [.. baselines.Select(b => Compare(subject, b, r => r.FinalValLoss, subjectMinusBaseline: false))] : null);
    }

    private static Difference Compare(OptimizerRuns subject, OptimizerRuns baseline, Func<RunRecord, double> metric, bool subjectMinusBaseline)
    {
        Sample s = subject.Of(metric), b = baseline.Of(metric);
        var test = subjectMinusBaseline ? WelchTest.Of(s, b) : WelchTest.Of(b, s);
        var paired = subjectMinusBaseline ? PairedTest.Of(subject.BySeed(metric), baseline.BySeed(metric)) : PairedTest.Of(baseline.BySeed(metric), subject.BySeed(metric));
        double absolute = subjectMinusBaseline ? s.Mean - b.Mean : b.Mean - s.Mean;
        return new Difference(baseline.Optimizer, s.Mean, b.Mean, absolute, b.Mean == 0 ? null : absolute / b.Mean * 100,
            s.Count, b.Count, test?.Low95, test?.High95, test?.P, paired);
    }

    private static TargetTime TimeOf(OptimizerRuns runs, double target)
    {
        var epochs = runs.Runs.Select(r => r.EpochsToReach(target)).ToList();
        var seconds = runs.Runs.Select(r => r.SecondsToReach(target)).ToList();
        return new TargetTime(runs.Optimizer, target, epochs, seconds, epochs.Count(e => e is not null),
            Estimate.Of([.. epochs.Where(e => e is not null).Select(e => (double)e!.Value)], lowest: 1), // a target is reached in epoch 1 at the soonest
            Estimate.Of([.. seconds.Where(e => e is not null).Select(e => e!.Value)]));
    }

    /// <param name="LowAlsoWhenFlat">A low value is also what a run that did not learn shows (the training loss's variance
    /// over epochs: a flat curve has none), so a supported claim says when the subject's loss fell less.</param>
    private sealed record ClaimSpec(string Statement, string What, Func<RunRecord, double> Metric, bool HigherIsBetter, string Unit, string Format, bool LowAlsoWhenFlat = false);

    private static readonly ClaimSpec[] ReferenceClaims =
    [
        new("higher accuracy than", "final accuracy", r => r.FinalAccuracy, true, " %", "F2"),
        new("lower final loss than", "final training loss", r => r.FinalLoss, false, "", "F4"),
        new("lower loss variance than", "training-loss variance over epochs", r => r.LossVariance, false, "", "F4", LowAlsoWhenFlat: true),
        new("higher F1 than", "final weighted F1", r => r.FinalF1, true, "", "F4"),
    ];

    /// <summary>The reference's claims that a model without classes can be held to, its evaluation loss in place of accuracy.</summary>
    private static readonly ClaimSpec[] LossClaims =
    [
        new("lower evaluation loss than", "final evaluation loss", r => r.FinalValLoss, false, "", "F4"),
        new("lower final loss than", "final training loss", r => r.FinalLoss, false, "", "F4"),
        new("lower loss variance than", "training-loss variance over epochs", r => r.LossVariance, false, "", "F4", LowAlsoWhenFlat: true),
    ];

    private static IEnumerable<Claim> ClaimsAgainst(OptimizerRuns subject, OptimizerRuns baseline, ClaimSpec[] claims)
    {
        foreach (var spec in claims)
        {
            Sample s = subject.Of(spec.Metric), b = baseline.Of(spec.Metric);
            string statement = $"{subject.Optimizer} has {spec.Statement} {baseline.Optimizer}";
            double difference = s.Mean - b.Mean;
            bool better = spec.HigherIsBetter ? difference > 0 : difference < 0;
            string Value(Sample x) => x.Count < 2 ? $"{x.Mean.ToString(spec.Format, C)}{spec.Unit}"
                : $"{x.Mean.ToString(spec.Format, C)} ± {x.StandardDeviation.ToString(spec.Format, C)}{spec.Unit}";
            string relation = difference == 0 ? "equal to" : (difference > 0 ? "higher than" : "lower than");
            string observed = $"{subject.Optimizer}'s {spec.What} ({Value(s)}) is {relation} {baseline.Optimizer}'s ({Value(b)})";
            var test = WelchTest.Of(s, b);
            var paired = PairedTest.Of(subject.BySeed(spec.Metric), baseline.BySeed(spec.Metric));
            if (test is null && paired is null)
            {
                yield return difference == 0
                    ? new Claim(statement, baseline.Optimizer, Verdicts.Tied, $"Not supported: {observed}.", null)
                    : new Claim(statement, baseline.Optimizer, Verdicts.NotTestable,
                        $"Not testable: {observed}, but with {Counted.Of(Math.Min(s.Count, b.Count), "run")} a side this cannot be told from seed-to-seed noise; run with --seeds 3 or more.", null);
                continue;
            }
            var evidence = new List<string>();
            if (paired is not null) evidence.Add(PairedEvidence(paired, spec.Format));
            if (test is not null)
                evidence.Add(string.Create(C, $"difference of means {test.Difference.ToString(spec.Format, C)} (95 % CI {test.Low95.ToString(spec.Format, C)} to {test.High95.ToString(spec.Format, C)}), Welch's t-test {ReportFormat.P(test.P)}, {s.Count} and {b.Count} seeds"));
            string said = string.Join("; ", evidence);
            double p = paired?.P ?? test!.P; // the runs pair by seed: the paired test judges, Welch's is beside it
            if (difference == 0)
                yield return new Claim(statement, baseline.Optimizer, Verdicts.Tied, $"Not supported: {observed}; {said}.", p);
            else if (p < Significance)
                yield return better
                    ? new Claim(statement, baseline.Optimizer, Verdicts.Supported, $"Supported: {observed}; {said}.{FlatCaveat(spec, subject, baseline)}", p)
                    : new Claim(statement, baseline.Optimizer, Verdicts.Contradicted, $"Contradicted: {observed}; {said}.", p);
            else
                yield return new Claim(statement, baseline.Optimizer, Verdicts.NotSignificant,
                    $"Not supported: {observed}, but the difference is not significant at the 5 % level; {said}.", p);
        }
    }



    /// <summary>What a low value means when the subject's loss fell less than the baseline's: less learning, not steadier.</summary>
    private static string FlatCaveat(ClaimSpec spec, OptimizerRuns subject, OptimizerRuns baseline)
    {
        if (!spec.LowAlsoWhenFlat) return "";
        double mine = subject.Of(r => r.LossFall).Mean, theirs = baseline.Of(r => r.LossFall).Mean;
        return mine >= theirs ? ""
            : string.Create(C, $" But {subject.Optimizer}'s training loss fell by {mine:F4} from the first epoch to the last against {theirs:F4} for {baseline.Optimizer}: a loss that moves less varies less, so this says it learned less, not that it trained more steadily.");
    }

    /// <summary>"paired over 3 seeds: mean difference +1.20 (95 % CI …), p = …; 80 % power needs 6 seeds": whether "not
    /// significant" means no effect or too few seeds.</summary>
    public static string PairedEvidence(PairedTest paired, string format)
    {
        ArgumentNullException.ThrowIfNull(paired);
        string power = paired.SeedsFor80PercentPower switch
        {
            null when paired.Difference == 0 => "no difference to detect",
            null => $"more than {PairedTest.MaxSeeds:N0} seeds would be needed to detect it with 80 % power",
            int n when n <= paired.Pairs => string.Create(C, $"{paired.Pairs} seeds are enough to detect it with 80 % power (it takes {n})"),
            int n => string.Create(C, $"detecting it with 80 % power takes {n} seeds"),
        };
        return string.Create(C, $"paired over {paired.Pairs} seeds: mean difference {paired.Difference.ToString(format, C)} (95 % CI {paired.Low95.ToString(format, C)} to {paired.High95.ToString(format, C)}), paired t-test {ReportFormat.P(paired.P)}; {power}");
    }

    public string ToJson() => JsonSerializer.Serialize(this, ReportFormat.Json);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(C, $"# {Subject} against the baselines");
        md.AppendLine();
        md.AppendLine(C, $"{(Metric == WorkloadMetric.Loss ? "Evaluation losses" : "Accuracies")} are on the {SplitPhrase(EvaluatedOn)}.");
        md.AppendLine();
        if (EvaluationLossReductions is { } evaluation)
        {
            md.AppendLine("## Evaluation loss reduction (final loss on the evaluation split; the model has no accuracy)");
            md.AppendLine();
            foreach (var d in evaluation) md.AppendLine(C, $"- vs {d.Baseline}: {d.Absolute:+0.0000;-0.0000;0.0000} ({Relative(d)} reduction){Interval(d, "F4")}");
        }
        else
        {
            md.AppendLine("## Accuracy improvement (final accuracy)");
            md.AppendLine();
            foreach (var d in AccuracyImprovements) md.AppendLine(C, $"- vs {d.Baseline}: {d.Absolute:+0.00;-0.00;0.00} points ({Relative(d)} relative){Interval(d, "F2")}");
        }
        md.AppendLine();
        md.AppendLine("## Loss reduction (final training loss)");
        md.AppendLine();
        foreach (var d in LossReductions) md.AppendLine(C, $"- vs {d.Baseline}: {d.Absolute:+0.0000;-0.0000;0.0000} ({Relative(d)} reduction){Interval(d, "F4")}");
        md.AppendLine();
        double target = TimeToTarget.Count > 0 ? TimeToTarget[0].Target : DefaultTarget;
        md.AppendLine(C, $"## Time to target ({Metric.Target(target)} on the {SplitPhrase(EvaluatedOn)})");
        md.AppendLine();
        foreach (var c in TimeToTarget)
        {
            if (c.Reached == 0)
            {
                md.AppendLine(C, $"- {c.Optimizer}: not reached in {Counted.Of(c.EpochsPerSeed.Count, "seed")}");
                continue;
            }
            string seconds = ReportFormat.SecondsFormat(c.Seconds!.Mean);
            string perSeed = string.Join(", ", c.EpochsPerSeed.Zip(c.SecondsPerSeed, (e, t) => e is int n && t is double s ? string.Create(C, $"{n} ({s.ToString(seconds, C)} s)") : "not reached"));
            md.AppendLine(C, $"- {c.Optimizer}: {c.Epochs!.Format("F1", " epochs")}; {c.Seconds!.Format(seconds, " s")}; reached in {c.Reached} of {c.EpochsPerSeed.Count} seeds [{perSeed}]");
        }
        md.AppendLine();
        md.AppendLine("## The reference's claims");
        md.AppendLine();
        foreach (var claim in Claims) md.AppendLine(C, $"- **{claim.Statement}** — {claim.Sentence}");
        return md.ToString();
    }

    /// <summary>"validation split (held out of the training set)" or "test set".</summary>
    public static string SplitPhrase(string split) =>
        split == TrainingConfig.ValidationSplitName ? "validation split (held out of the training set)" : "test set";

    private static string Relative(Difference d) => d.RelativePercent is double r ? r.ToString("+0.00;-0.00;0.00", C) + " %" : "n/a";

    private static string Interval(Difference d, string format) =>
        (d.Paired is { } paired ? "; " + PairedEvidence(paired, format) : "")
        + (d.P is double p ? $"; Welch's 95 % CI {d.Low95!.Value.ToString(format, C)} to {d.High95!.Value.ToString(format, C)}, {ReportFormat.P(p)} ({d.SubjectSeeds} vs {d.BaselineSeeds} seeds)" : "");
}
