using VeloGrad.Training.Engine;
using static TorchSharp.torch;

namespace VeloGrad.Training.Experiments;

/// <summary>Passes a run's events on and writes its per-epoch figures as TensorBoard scalars.</summary>
public sealed class TensorBoardObserver(ITrainingObserver inner, string logFolder, string runName) : ITrainingObserver, IDisposable
{
    private readonly TorchSharp.Modules.SummaryWriter _writer = utils.tensorboard.SummaryWriter(Path.Combine(logFolder, runName));

    public void OnMessage(string message) => inner.OnMessage(message);

    public void OnBatch(BatchProgress progress) => inner.OnBatch(progress);

    public void OnEpoch(EpochMetrics metrics, int epochs)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var scalars = new List<(string Tag, double Value)> { ("train/loss", metrics.TrainLoss), ("val/loss", metrics.ValLoss) };
        if (metrics.HasClasses) // a model that is its own loss has no accuracy: zeros would read as figures
            scalars.AddRange([("train/accuracy", metrics.TrainAcc), ("val/accuracy", metrics.ValAcc), ("val/f1", metrics.ValF1),
                ("val/precision", metrics.ValPrecision), ("val/recall", metrics.ValRecall)]);
        scalars.Add(("time/epoch_seconds", metrics.EpochTime));
        foreach (var (tag, value) in scalars) _writer.add_scalar(tag, (float)value, metrics.Epoch);
        inner.OnEpoch(metrics, epochs);
    }

    public void Dispose() => (_writer as IDisposable)?.Dispose();
}
