using System.Text.Json.Serialization;

namespace VeloGrad.Runs;

/// <summary>What a run is judged by on its evaluation split: a classifier's accuracy (%, higher is better) or, for a
/// model that is its own loss (a VAE, a noisy quadratic), that loss (lower is better). It follows from the model
/// (<see cref="ModelCatalog.MetricOf"/>): one place decides it for runs, comparisons, tunings and benchmarks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkloadMetric>))]
public enum WorkloadMetric
{
    [JsonStringEnumMemberName("accuracy")] Accuracy,
    [JsonStringEnumMemberName("loss")] Loss,
}

/// <summary>The arithmetic and words of a <see cref="WorkloadMetric"/>.</summary>
public static class WorkloadMetrics
{
    public static bool HigherIsBetter(this WorkloadMetric metric) => metric == WorkloadMetric.Accuracy;

    /// <summary>The metric's value after an epoch: the evaluation split's accuracy (%) or loss.</summary>
    public static double Of(this WorkloadMetric metric, EpochMetrics epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        return metric == WorkloadMetric.Accuracy ? epoch.ValAcc : epoch.ValLoss;
    }

    /// <summary>Whether <paramref name="value"/> reaches <paramref name="target"/>: at least it for accuracy, at most it for a loss.</summary>
    public static bool Reaches(this WorkloadMetric metric, double value, double target) =>
        metric.HigherIsBetter() ? value >= target : value <= target;

    /// <summary>How much better <paramref name="a"/> is than <paramref name="b"/> (positive: better), whichever way the metric points.</summary>
    public static double Advantage(this WorkloadMetric metric, double a, double b) => metric.HigherIsBetter() ? a - b : b - a;

    /// <summary>"accuracy" or "loss", as it follows "validation"/"test".</summary>
    public static string Noun(this WorkloadMetric metric) => metric == WorkloadMetric.Accuracy ? "accuracy" : "loss";

    /// <summary>" %" after an accuracy, nothing after a loss.</summary>
    public static string Unit(this WorkloadMetric metric) => metric == WorkloadMetric.Accuracy ? " %" : "";

    /// <summary>How a difference is named: accuracy points, loss units.</summary>
    public static string DifferenceUnit(this WorkloadMetric metric) => metric == WorkloadMetric.Accuracy ? " points" : "";

    /// <summary>Two decimals for accuracy (%), three for a loss.</summary>
    public static string Format(this WorkloadMetric metric) => metric == WorkloadMetric.Accuracy ? "F2" : "F3";

    /// <summary>"70 % accuracy" or "loss ≤ 90".</summary>
    public static string Target(this WorkloadMetric metric, double target) => metric == WorkloadMetric.Accuracy
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{target:0.##} % accuracy")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"loss ≤ {target:0.###}");
}
