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
/// full) with 95 % confidence intervals and Welch p-values, and a sentence per part giving its contribution
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

    /// <summary>variant − full, with its 95 % CI and Welch's p (null with fewer than two seeds a side).</summary>
    public sealed record Effect(double Difference, double? Low95, double? High95, double? P)
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
                EffectOf(acc, full.Of(r => r.FinalAccuracy)), EffectOf(loss, full.Of(r => r.FinalLoss))));
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

    private static Effect EffectOf(Sample variant, Sample full)
    {
        var test = WelchTest.Of(variant, full);
        return new Effect(variant.Mean - full.Mean, test?.Low95, test?.High95, test?.P);
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
        return $"{what}: {points} ± {spread} points of accuracy, {ReportFormat.P(p)} ({verdict}); training loss {lossChange.ToString("+0.0000;-0.0000;0.0000", C)} with it, {ReportFormat.P(v.LossDifference.P)}.";
    }



    public string ToJson() => JsonSerializer.Serialize(this, ReportFormat.Json);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Ablation of VeloGrad's parts");
        md.AppendLine();
        md.AppendLine($"Full VeloGrad (`{Full}`) against VeloGrad without one part, and without all of them, on the same seeds; accuracies are final, on the {ComparisonAnalysis.SplitPhrase(EvaluatedOn)}. " +
            "Differences are variant − full with 95 % confidence intervals and Welch's t-test; a part's contribution is full − without it.");
        md.AppendLine();
        md.AppendLine("| without | seeds | accuracy (%) | Δ accuracy (points) | 95 % CI | Welch | Δ final loss | 95 % CI | Welch |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var v in Variants)
            md.AppendLine(C, $"| {v.Disabled} | {v.Seeds} | {v.Accuracy:F2} ± {v.AccuracySd:F2} | {v.AccuracyDifference.Difference:+0.00;-0.00;0.00} | {Interval(v.AccuracyDifference, "F2")} | {ReportFormat.P(v.AccuracyDifference.P)} | {v.LossDifference.Difference:+0.0000;-0.0000;0.0000} | {Interval(v.LossDifference, "F4")} | {ReportFormat.P(v.LossDifference.P)} |");
        md.AppendLine();
        md.AppendLine("## What each part contributes");
        md.AppendLine();
        foreach (var s in Sentences) md.AppendLine($"- {s}");
        return md.ToString();
    }

    private static string Interval(Effect e, string format) =>
        e.Low95 is double low && e.High95 is double high ? $"{low.ToString(format, C)} to {high.ToString(format, C)}" : "—";
}
