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
    public IReadOnlyList<double> ValF1 => [.. History.Epochs.Select(e => e.ValF1)];

    public double FinalLoss => History.Epochs[^1].TrainLoss;
    public double FinalAccuracy => History.Epochs[^1].ValAcc;
    public double FinalF1 => History.Epochs[^1].ValF1;
    public double FinalPrecision => History.Epochs[^1].ValPrecision;
    public double FinalRecall => History.Epochs[^1].ValRecall;

    /// <summary>The reference's "loss variance": numpy's var of the training loss over the epochs.</summary>
    public double LossVariance => Sample.PopulationVariance(TrainLoss);

    public double TotalTime => History.TotalTime;

    /// <summary>Seconds (training and evaluation) until the end of the first epoch that reaches <paramref name="percent"/>, or null.</summary>
    public double? SecondsToReach(double percent) =>
        EpochsToReach(percent) is int n ? History.Epochs.Take(n).Sum(e => e.EpochTime) : null;

    /// <summary>The first epoch (1-based) whose validation accuracy reaches <paramref name="percent"/>, or null.</summary>
    public int? EpochsToReach(double percent)
    {
        int index = History.Epochs.FindIndex(e => e.ValAcc >= percent);
        return index < 0 ? null : index + 1;
    }
}
