using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Comparison;

/// <summary>One finished (or failed) run of a comparison: its optimizer, seed and history.</summary>
public sealed record RunRecord(string Folder, RunHistory History)
{
    public OptimizerSpec Spec => History.Config.Optimizer;
    public string Optimizer => Spec.DisplayName;
    public ulong Seed => History.Config.Seed;
    public bool Completed => History.Status == RunStatus.Completed && History.Epochs.Count > 0;

    public IReadOnlyList<double> TrainLoss => [.. History.Epochs.Select(e => e.TrainLoss)];
    public IReadOnlyList<double> ValAcc => [.. History.Epochs.Select(e => e.ValAcc)];
    public IReadOnlyList<double> ValLoss => [.. History.Epochs.Select(e => e.ValLoss)];

    /// <summary>What the run is judged by: accuracy for a classifier, its loss for a model that is its own loss.</summary>
    public WorkloadMetric Metric => ModelCatalog.MetricOf(History.Config.Model);
    public IReadOnlyList<double> ValF1 => [.. History.Epochs.Select(e => e.ValF1)];

    public double FinalLoss => History.Epochs[^1].TrainLoss;
    public double FinalAccuracy => History.Epochs[^1].ValAcc;
    public double FinalValLoss => History.Epochs[^1].ValLoss;

    /// <summary>The <see cref="Metric"/> after the last epoch, on the split the run was evaluated on.</summary>
    public double FinalMetric => Metric.Of(History.Epochs[^1]);
    public double FinalF1 => History.Epochs[^1].ValF1;
    public double FinalPrecision => History.Epochs[^1].ValPrecision;
    public double FinalRecall => History.Epochs[^1].ValRecall;

    /// <summary>The reference's "loss variance": numpy's var of the training loss over the epochs.</summary>
    public double LossVariance => Sample.PopulationVariance(TrainLoss);

    /// <summary>How far the training loss fell from the first epoch to the last (a flat curve has a low variance too).</summary>
    public double LossFall => History.Epochs[0].TrainLoss - History.Epochs[^1].TrainLoss;

    public double TotalTime => History.TotalTime;

    /// <summary>Seconds (training and evaluation) until the end of the first epoch that reaches <paramref name="target"/>, or null.</summary>
    public double? SecondsToReach(double target) =>
        EpochsToReach(target) is int n ? History.Epochs.Take(n).Sum(e => e.EpochTime) : null;

    /// <summary>The first epoch (1-based) whose <see cref="Metric"/> reaches <paramref name="target"/> (an accuracy in %
    /// at least it, a loss at most it), or null.</summary>
    public int? EpochsToReach(double target)
    {
        var metric = Metric;
        int index = History.Epochs.FindIndex(e => metric.Reaches(metric.Of(e), target));
        return index < 0 ? null : index + 1;
    }
}
