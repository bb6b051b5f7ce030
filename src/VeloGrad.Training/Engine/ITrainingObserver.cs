namespace VeloGrad.Training.Engine;

/// <summary>Live figures of a training batch, for progress bars.</summary>
public readonly record struct BatchProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double? Accuracy, double ImagesPerSecond, TimeSpan Eta);

/// <summary>What a training run tells the outside world as it goes.</summary>
public interface ITrainingObserver
{
    void OnMessage(string message);
    void OnBatch(BatchProgress progress);
    void OnEpoch(EpochMetrics metrics, int epochs);
}

/// <summary>An observer that ignores everything (tests, benchmarks).</summary>
public sealed class SilentObserver : ITrainingObserver
{
    public static readonly SilentObserver Instance = new();
    public void OnMessage(string message) { }
    public void OnBatch(BatchProgress progress) { }
    public void OnEpoch(EpochMetrics metrics, int epochs) { }
}
