using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.MixedPrecision;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Models;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>
/// The reference's <c>train_epoch</c>: cross-entropy on each micro-batch divided by the window's size, gradients
/// accumulated over windows of <c>accumulation</c> micro-batches, one optimizer step per window (VeloGrad fed the
/// window's mean unscaled loss first, as a tensor), loss scaling around the step. In mixed precision the forward
/// runs under autocast in <c>autocastType</c> and the loss is taken in float32, as the reference's AMP. Unlike the reference, a last, partial
/// window is stepped with its gradients averaged over its own size, so nothing leaks into the next epoch. Before
/// each step the schedule sets the step's learning rate. A model that is its own loss (<see cref="ISelfScoringModel"/>)
/// gives the batch's loss in place of cross-entropy, drawing its noise per batch from <paramref name="noiseSeed"/>; it
/// has no accuracy (reported as 0). A weight-regularised problem adds its L2 term to every batch's loss (<see cref="WeightRegularization"/>).
/// </summary>
internal sealed class TrainingEpoch(
    nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, IReadOnlyList<Parameter> parameters, GradScaler scaler,
    int accumulation, ScalarType? autocastType, ITrainingObserver observer, ScheduledHyperparameters? schedule = null, ulong noiseSeed = 0,
    WeightRegularization? regularization = null)
{
    private const ulong NoiseStream = 4;
    private readonly ISelfScoringModel? _selfScoring = model as ISelfScoringModel; // decided once, not per batch

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Optimizer steps in an epoch of <paramref name="batches"/> micro-batches (a last, partial window steps too).</summary>
    public static long StepsPerEpoch(int batches, int accumulation) => (batches + accumulation - 1) / accumulation;

    /// <summary>Trains one epoch; returns (mean loss, accuracy %) or null when cancelled.</summary>
    /// <remarks>Nothing is read back from the device per batch: losses and correct counts accumulate there,
    /// VeloGrad gets the window's loss as a tensor, and the figures (and the divergence check) are read only when
    /// the progress is shown, about twice a second, and at the end.</remarks>
    public (double Loss, double Accuracy)? Run(BatchLoader loader, int epoch, int epochs, CancellationToken cancel)
    {
        model.train();
        optimizer.zero_grad();
        int batches = loader.BatchesPerEpoch;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        Tensor? lossSum = null, correct = null, windowLoss = null;
        long seen = 0;
        try
        {
            foreach (var batch in loader.Epoch(epoch))
            {
                using (batch)
                {
                    int i = batch.Index;
                    int windowStart = i / accumulation * accumulation;
                    int windowSize = Math.Min(accumulation, batches - windowStart);
                    lossSum ??= zeros(1, dtype: ScalarType.Float64, device: batch.Labels.device);
                    correct ??= zeros(1, dtype: ScalarType.Int64, device: batch.Labels.device);
                    windowLoss ??= zeros(1, dtype: ScalarType.Float64, device: batch.Labels.device);
                    using (var scope = NewDisposeScope())
                    {
                        var (loss, output) = Forward(batch, epoch);
                        scaler.ScaleLoss(loss / windowSize).backward();
                        using (no_grad())
                        {
                            var detached = loss.detach().to(ScalarType.Float64);
                            lossSum.add_(detached * batch.Size);
                            windowLoss.add_(detached);
                            if (output is not null) correct.add_(output.argmax(1).eq(batch.Labels).sum());
                        }
                    }
                    seen += batch.Size;

                    if (i - windowStart + 1 == windowSize)
                    {
                        schedule?.Apply(epoch * StepsPerEpoch(batches, accumulation) + i / accumulation);
                        StepWindow(windowLoss, windowSize);
                    }

                    if (clock.Elapsed - lastReport >= ProgressInterval || i == batches - 1)
                    {
                        lastReport = clock.Elapsed;
                        double meanLoss = CheckedMeanLoss(lossSum, seen, epoch, i);
                        double perSecond = seen / clock.Elapsed.TotalSeconds;
                        observer.OnBatch(new BatchProgress(epoch, epochs, i + 1, batches, meanLoss,
                            _selfScoring is null ? 100.0 * correct.item<long>() / seen : null, perSecond, TimeSpan.FromSeconds((loader.SampleCount - seen) / perSecond)));
                    }
                }
                if (cancel.IsCancellationRequested) return null;
            }
            if (lossSum is null || correct is null) throw new InvalidOperationException("The training split is empty.");
            return (CheckedMeanLoss(lossSum, seen, epoch, batches - 1), 100.0 * correct.item<long>() / seen);
        }
        finally
        {
            lossSum?.Dispose();
            correct?.Dispose();
            windowLoss?.Dispose();
        }
    }

    /// <summary>The batch's mean loss in float32 (the forward under autocast when mixed), with the L2 term when the problem
    /// has one, and the class scores it came from (null for a model that is its own loss, its noise drawn from the batch's
    /// own seed).</summary>
    private (Tensor Loss, Tensor? Scores) Forward(Batch batch, int epoch)
    {
        var (loss, scores) = DataLoss(batch, epoch);
        return regularization?.Term() is { } term ? (loss + term, scores) : (loss, scores);
    }

    private (Tensor Loss, Tensor? Scores) DataLoss(Batch batch, int epoch)
    {
        Tensor output;
        using (autocastType is ScalarType half ? Autocast.Enable(batch.Images.device.type, half) : null)
        {
            if (_selfScoring is not null)
            {
                using var noise = new Generator(SeedSequence.Derive(noiseSeed, NoiseStream, (ulong)epoch, (ulong)batch.Index));
                return (_selfScoring.Losses(batch.Images, noise).to(ScalarType.Float32).mean(), null);
            }
            output = model.call(batch.Images);
        }
        output = output.to(ScalarType.Float32);
        return (nn.functional.cross_entropy(output, batch.Labels), output);
    }

    private void StepWindow(Tensor windowLoss, int windowSize)
    {
        if (optimizer is VeloGradOptimizer velograd)
        {
            using var mean = windowLoss / windowSize;
            velograd.SetLoss(mean);
        }
        windowLoss.zero_();
        scaler.Step(optimizer, parameters);
        optimizer.zero_grad();
    }

    private static double CheckedMeanLoss(Tensor lossSum, long seen, int epoch, int batch)
    {
        double meanLoss = lossSum.item<double>() / seen;
        if (!double.IsFinite(meanLoss))
            throw new TrainingDivergedException(
                $"The training loss became {meanLoss} in epoch {epoch + 1} (seen by batch {batch + 1}): the run diverged (loss scaling cannot explain a non-finite loss). " +
                "Lower the learning rate, or check the data; the history up to the last completed epoch is saved.");
        return meanLoss;
    }
}
