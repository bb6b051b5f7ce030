using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Training.Loading;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>
/// The reference's <c>train_epoch</c>: cross-entropy on each micro-batch divided by the window's size, gradients
/// accumulated over windows of <c>accumulation</c> micro-batches, one optimizer step per window (VeloGrad fed the
/// window's mean unscaled loss first), loss scaling around the step. Unlike the reference, a last, partial
/// window is stepped with its gradients averaged over its own size, so nothing leaks into the next epoch.
/// </summary>
internal sealed class TrainingEpoch(
    nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, IReadOnlyList<Parameter> parameters, LossScaler scaler,
    int accumulation, ScalarType inputType, ITrainingObserver observer)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Trains one epoch; returns (mean loss, accuracy %) or null when cancelled.</summary>
    public (double Loss, double Accuracy)? Run(BatchLoader loader, int epoch, int epochs, CancellationToken cancel)
    {
        model.train();
        optimizer.zero_grad();
        int batches = loader.BatchesPerEpoch;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        using var lossSum = zeros(1, dtype: ScalarType.Float64);
        using var correct = zeros(1, dtype: ScalarType.Int64);
        using var windowLoss = zeros(1, dtype: ScalarType.Float64);
        long seen = 0;

        foreach (var batch in loader.Epoch(epoch))
        {
            using (batch)
            {
                int i = batch.Index;
                int windowStart = i / accumulation * accumulation;
                int windowSize = Math.Min(accumulation, batches - windowStart);
                using (var scope = NewDisposeScope())
                {
                    var output = model.call(batch.Images.to(inputType)).to(ScalarType.Float32);
                    var loss = nn.functional.cross_entropy(output, batch.Labels);
                    scaler.ScaleLoss(loss / windowSize).backward();
                    using (no_grad())
                    {
                        var detached = loss.detach().to(ScalarType.Float64);
                        lossSum.add_(detached * batch.Size);
                        windowLoss.add_(detached);
                        correct.add_(output.argmax(1).eq(batch.Labels).sum());
                    }
                }
                seen += batch.Size;

                if (i - windowStart + 1 == windowSize) StepWindow(windowLoss, windowSize, epoch, i);

                if (clock.Elapsed - lastReport >= ProgressInterval || i == batches - 1)
                {
                    lastReport = clock.Elapsed;
                    double perSecond = seen / clock.Elapsed.TotalSeconds;
                    observer.OnBatch(new BatchProgress(epoch, epochs, i + 1, batches, lossSum.item<double>() / seen,
                        100.0 * correct.item<long>() / seen, perSecond, TimeSpan.FromSeconds((loader.SampleCount - seen) / perSecond)));
                }
            }
            if (cancel.IsCancellationRequested) return null;
        }
        return (lossSum.item<double>() / seen, 100.0 * correct.item<long>() / seen);
    }

    private void StepWindow(Tensor windowLoss, int windowSize, int epoch, int batch)
    {
        double meanLoss = windowLoss.item<double>() / windowSize;
        windowLoss.zero_();
        if (!double.IsFinite(meanLoss))
            throw new TrainingDivergedException(
                $"The training loss became {meanLoss} in epoch {epoch + 1}, batch {batch + 1}: the run diverged (loss scaling cannot explain a non-finite loss). " +
                "Lower the learning rate, or check the data; the history up to the last completed epoch is saved.");
        if (optimizer is VeloGradOptimizer velograd) velograd.SetLoss(meanLoss);
        scaler.Step(optimizer, parameters);
        optimizer.zero_grad();
    }
}
