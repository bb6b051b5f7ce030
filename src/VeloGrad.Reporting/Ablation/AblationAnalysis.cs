using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Ablation;

/// <summary>
/// What each of VeloGrad's parts is worth: full VeloGrad against VeloGrad without one part (each in turn) and without
/// all of them, over the same seeds. Each variant's final accuracy and loss difference from full VeloGrad (variant −
/// full) with 95 % confidence intervals and p-values from the paired t-test over the shared seeds (Welch's beside it),
/// and a sentence per part giving its contribution
/// (full − without it): "lookahead: +0.4 ± 0.9 points, p = 0.31".
/// </summary>
public sealed record AblationAnalysis(string EvaluatedOn, string Full, IReadOnlyList<AblationAnalysis.Variant> Variants, IReadOnlyList<string> Sentences)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The variant with every part off.</summary>
    public const string NoneName = "none";

    /// <summary>One variant against full VeloGrad. <see cref="Disabled"/> names the part switched off ("none": all of them).</summary>
    public sealed record Variant(string Disabled, string Spec, int Seeds, double Accuracy, double AccuracySd, double Loss, double LossSd,
        Effect AccuracyDifference, Effect LossDifference);

    /// <summary>variant − full, with its 95 % CI and p (null with fewer than two seeds): from the paired t-test over the
    /// seeds both ran (<see cref="Test"/> "paired") where the runs pair, else Welch's; Welch's p always beside it, and
    /// the seeds a paired design needs to detect the difference with 80 % power.</summary>
    public sealed record Effect(double Difference, double? Low95, double? High95, double? P, string? Test, double? WelchP, int? SeedsFor80PercentPower)
    {
        /// <summary>Half the 95 % interval's width (the "± y" of a sentence).</summary>
        [JsonIgnore] public double? HalfWidth => High95 - Difference;
    }

    /// <summary>Whether <paramref name="set"/> is an ablation: VeloGrad only, full VeloGrad among it, and at least one
    /// variant with parts disabled.</summary>
    public static bool Applies(ComparisonSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set.Optimizers.Count > 1 && set.Optimizers.All(r => r.IsVeloGrad) && set.Optimizers.Any(IsFull);
    }

    private static bool IsFull(OptimizerRuns runs) => runs.Runs[0].Spec.DisabledParts.Count == 0;

    /// <summary>The ablation of the runs in <paramref name="set"/>: full VeloGrad (no part disabled) must be among them.</summary>
    public static AblationAnalysis Of(ComparisonSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var veloGrad = set.Optimizers.Where(o => o.IsVeloGrad).ToList();
        var full = veloGrad.FirstOrDefault(IsFull)
            ?? throw new InvalidDataException("An ablation needs full VeloGrad (no part disabled) among its runs.");
        var variants = new List<Variant>();
        foreach (var variant in veloGrad.Where(o => !ReferenceEquals(o, full)))
        {
            var disabled = variant.Runs[0].Spec.DisabledParts;
            string name = disabled.Count == OptimizerCatalog.VeloGradParts.Count ? NoneName : string.Join("+", disabled);
            Sample acc = variant.Of(r => r.FinalAccuracy), loss = variant.Of(r => r.FinalLoss);
            variants.Add(new Variant(name, variant.Runs[0].Spec.ToString(), variant.Seeds, acc.Mean, acc.StandardDeviation, loss.Mean, loss.StandardDeviation,
                EffectOf(variant, full, r => r.FinalAccuracy), EffectOf(variant, full, r => r.FinalLoss)));
        }
        // The catalogue's order, then "none".
        variants = [.. variants.OrderBy(v => v.Disabled == NoneName ? int.MaxValue : Rank(v.Disabled))];
        return new AblationAnalysis(set.EvaluatedOn, full.Runs[0].Spec.ToString(), variants, [.. variants.Select(Sentence)]);
    }

    private static int Rank(string part)
    {
        int i = OptimizerCatalog.VeloGradParts.ToList().IndexOf(part);
        return i < 0 ? OptimizerCatalog.VeloGradParts.Count : i;
    }

    private static Effect EffectOf(OptimizerRuns variant, OptimizerRuns full, Func<RunRecord, double> metric)
    {
        Sample v = variant.Of(metric), f = full.Of(metric);
        var welch = WelchTest.Of(v, f);
        var paired = PairedTest.Of(variant.BySeed(metric), full.BySeed(metric));
        return paired is not null
            ? new Effect(v.Mean - f.Mean, paired.Low95, paired.High95, paired.P, "paired", welch?.P, paired.SeedsFor80PercentPower)
            : new Effect(v.Mean - f.Mean, welch?.Low95, welch?.High95, welch?.P, welch is null ? null : "Welch", welch?.P, null);
    }

    /// <summary>The part's contribution (full − without it), as a sentence.</summary>
    private static string Sentence(Variant v)
    {
        string what = v.Disabled == NoneName ? "all five parts together" : v.Disabled;
        double contribution = -v.AccuracyDifference.Difference;
        string points = contribution.ToString("+0.00;-0.00;0.00", C);
        if (v.AccuracyDifference.P is not double p)
            return $"{what}: {points} points of accuracy (one seed: not testable; run with --seeds 3 or more).";
        string spread = v.AccuracyDifference.HalfWidth!.Value.ToString("0.00", C);
        double lossChange = -v.LossDifference.Difference;
        string verdict = p < ComparisonAnalysis.Significance
            ? (contribution > 0 ? "it helps, significantly at the 5 % level" : "removing it helps, significantly at the 5 % level")
            : "not significant at the 5 % level";
        string power = v.AccuracyDifference.SeedsFor80PercentPower is int n
            ? n <= v.Seeds ? string.Create(C, $"; {v.Seeds} seeds are enough to detect it with 80 % power") : string.Create(C, $"; detecting it with 80 % power takes {n} seeds")
            : "";
        string welch = v.AccuracyDifference.Test == "paired" ? $", Welch's {ReportFormat.P(v.AccuracyDifference.WelchP)}" : "";
        return $"{what}: {points} ± {spread} points of accuracy, {v.AccuracyDifference.Test} {ReportFormat.P(p)}{welch} ({verdict}{power}); training loss {lossChange.ToString("+0.0000;-0.0000;0.0000", C)} with it, {ReportFormat.P(v.LossDifference.P)}.";
    }



    public string ToJson() => JsonSerializer.Serialize(this, ReportFormat.Json);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Ablation of VeloGrad's parts");
        md.AppendLine();
        md.AppendLine($"Full VeloGrad (`{Full}`) against VeloGrad without one part, and without all of them, on the same seeds; accuracies are final, on the {ComparisonAnalysis.SplitPhrase(EvaluatedOn)}. " +
            "Differences are variant − full with 95 % confidence intervals, from the paired t-test over the seeds both ran (every variant runs on the same seeds), Welch's p beside it; a part's contribution is full − without it.");
        md.AppendLine();
        md.AppendLine("| without | seeds | accuracy (%) | Δ accuracy (points) | 95 % CI | p | Welch | seeds for 80 % power | Δ final loss | 95 % CI | p |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var v in Variants)
            md.AppendLine(C, $"| {v.Disabled} | {v.Seeds} | {v.Accuracy:F2} ± {v.AccuracySd:F2} | {v.AccuracyDifference.Difference:+0.00;-0.00;0.00} | {Interval(v.AccuracyDifference, "F2")} | {ReportFormat.P(v.AccuracyDifference.P)} | {ReportFormat.P(v.AccuracyDifference.WelchP)} | {(v.AccuracyDifference.SeedsFor80PercentPower?.ToString(C) ?? "—")} | {v.LossDifference.Difference:+0.0000;-0.0000;0.0000} | {Interval(v.LossDifference, "F4")} | {ReportFormat.P(v.LossDifference.P)} |");
        md.AppendLine();
        md.AppendLine("## What each part contributes");
        md.AppendLine();
        foreach (var s in Sentences) md.AppendLine($"- {s}");
        return md.ToString();
    }

    private static string Interval(Effect e, string format) =>
        e.Low95 is double low && e.High95 is double high ? $"{low.ToString(format, C)} to {high.ToString(format, C)}" : "—";
}
