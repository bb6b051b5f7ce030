using System.Globalization;
using VeloGrad.Training.Engine;

namespace VeloGrad.Cli;

/// <summary>Shows a training run in the terminal: a live bar per epoch and a line per finished epoch. The observers of
/// one experiment's runs share <paramref name="shown"/>, so a message every run says alike (the precision note, a
/// warning about this machine) is shown once, not once per run.</summary>
internal sealed class ConsoleTrainingObserver(TextWriter output, string label, ISet<string>? shown = null) : ITrainingObserver
{
    private readonly ConsoleProgress _progress = ConsoleProgress.For(output, label);

    public void OnMessage(string message)
    {
        if (shown is null) output.WriteLine(message);
        else lock (shown)
            if (shown.Add(message)) output.WriteLine(message);
    }

    public void OnBatch(BatchProgress p) =>
        _progress.Report((double)p.Batch / p.Batches, string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch + 1}/{p.Epochs} batch {p.Batch}/{p.Batches} loss {p.Loss:F4}{(p.Accuracy is double a ? $" acc {a:F2}%" : "")} {p.ImagesPerSecond:F0} img/s ETA {p.Eta:mm\\:ss}"));

    /// <summary>A classifier's epoch with its accuracies; a model that is its own loss with its losses alone.</summary>
    public void OnEpoch(EpochMetrics m, int epochs) =>
        output.WriteLine(m.HasClasses
            ? string.Create(CultureInfo.InvariantCulture, $"{label} epoch {m.Epoch}/{epochs} | train loss {m.TrainLoss:F4} | train acc {m.TrainAcc:F2}% | val loss {m.ValLoss:F4} | val acc {m.ValAcc:F2}% | F1 {m.ValF1:F4} | {m.EpochTime:F1} s")
            : string.Create(CultureInfo.InvariantCulture, $"{label} epoch {m.Epoch}/{epochs} | train loss {m.TrainLoss:F4} | val loss {m.ValLoss:F4} | {m.EpochTime:F1} s"));
}
