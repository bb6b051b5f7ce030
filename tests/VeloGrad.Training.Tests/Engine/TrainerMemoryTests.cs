using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Tests.Support;

namespace VeloGrad.Training.Tests.Engine;

[Collection(SerialCollection.Name)]
public sealed class TrainerMemoryTests
{
    private sealed class Recorder : ITrainingObserver
    {
        public List<long> LiveTensorsAfterEpoch { get; } = [];
        public void OnMessage(string message) { }
        public void OnBatch(BatchProgress progress) { }
        public void OnEpoch(EpochMetrics metrics, int epochs) => LiveTensorsAfterEpoch.Add(LiveTensors.Count());
    }

    [Fact]
    public void Memory_stays_flat_over_epochs()
    {
        var recorder = new Recorder();
        using var data = SyntheticImages.Generate(seed: 5, trainSize: 192, testSize: 64);
        using var temp = new TemporaryFolder();
        new Trainer(new TrainingConfig { Dataset = SyntheticImages.Name, Model = "small-cnn", Epochs = 6, BatchSize = 32, Seed = 7 }, recorder)
            .Run(data, temp["flat"], cancel: TestContext.Current.CancellationToken);
        Assert.All(recorder.LiveTensorsAfterEpoch.Skip(1), live => Assert.Equal(recorder.LiveTensorsAfterEpoch[1], live));
    }

}
