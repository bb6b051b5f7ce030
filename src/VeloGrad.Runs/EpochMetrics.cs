namespace VeloGrad.Runs;

/// <summary>One epoch's figures, named as the reference's history (accuracies in %). A model that is its own loss (a VAE,
/// the quadratic) has no accuracy, F1, precision, recall or confusion matrix: they are 0 and empty, and its losses are its figures.</summary>
public sealed record EpochMetrics
{
    public int Epoch { get; init; }
    public double TrainLoss { get; init; }
    public double TrainAcc { get; init; }
    public double ValLoss { get; init; }
    public double ValAcc { get; init; }
    public double ValF1 { get; init; }
    public double ValPrecision { get; init; }
    public double ValRecall { get; init; }
    public double EpochTime { get; init; }
    public long SkippedSteps { get; init; }
    /// <summary>The loss scale after the epoch, when loss scaling is on.</summary>
    public double? LossScale { get; init; }
    /// <summary>The (first group's) learning rate of the epoch's last step; null in older histories.</summary>
    public double? LearningRate { get; init; }
    /// <summary>The process's peak resident memory during the epoch in MB (Linux's VmHWM, reset at the epoch's start); null elsewhere and in older histories.</summary>
    public double? PeakResidentMb { get; init; }
    public long[][] ConfusionMatrix { get; init; } = [];

    /// <summary>Whether the model classifies, so that the accuracies, F1, precision and recall are figures (a model that
    /// is its own loss has no confusion matrix).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasClasses => ConfusionMatrix.Length > 0;
}
