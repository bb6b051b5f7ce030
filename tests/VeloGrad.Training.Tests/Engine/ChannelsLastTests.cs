using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Models;
using VeloGrad.Training.Tests.Support;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Engine;

/// <summary>--channels-last: batches in NHWC memory, everything the run keeps in the ordinary order.</summary>
public sealed class ChannelsLastTests : IDisposable
{
    private readonly TemporaryFolder _temp = new();
    private readonly DatasetSplits _data = SyntheticImages.Generate(seed: 5, trainSize: 192, testSize: 64);

    public void Dispose()
    {
        _data.Dispose();
        _temp.Dispose();
    }

    private sealed class Interrupter(CancellationTokenSource source) : ITrainingObserver
    {
        public void OnMessage(string message) { }
        public void OnBatch(BatchProgress progress) { }
        public void OnEpoch(EpochMetrics metrics, int epochs) => source.Cancel();
    }

    [Fact]
    public void The_loader_serves_the_same_values_in_channels_last_memory()
    {
        var transform = new TrainingAugmentation(new AugmentationOptions());
        var plain = new BatchLoader(_data.Train, transform, 32, seed: 3).Epoch(1).First();
        var nhwc = new BatchLoader(_data.Train, transform, 32, seed: 3, channelsLast: true).Epoch(1).First();
        using (plain)
        using (nhwc)
        {
            Assert.False(MemoryOrder.IsChannelsLast(plain.Images));
            Assert.True(MemoryOrder.IsChannelsLast(nhwc.Images));
            Assert.True(plain.Images.eq(nhwc.Images).all().item<bool>());
        }
    }

    [Fact]
    public void A_channels_last_run_trains_like_an_ordinary_one_and_resumes_bit_identically()
    {
        var ordinary = SmallRuns.Config("velograd", epochs: 2) with { Model = ModelCatalog.ResNet18Name };
        var config = ordinary with { ChannelsLast = true };
        var contiguous = new Trainer(ordinary).Run(_data, _temp["contiguous"], cancel: TestContext.Current.CancellationToken);
        var uninterrupted = new Trainer(config).Run(_data, _temp["whole"], cancel: TestContext.Current.CancellationToken);
        // Other convolution kernels sum in another order: close, not equal. The first epoch differs by rounding (1e-4
        // relative); the gap then grows as training goes on (0.25 % in the second epoch with one compute thread).
        Assert.Equal(contiguous.Epochs[0].TrainLoss, uninterrupted.Epochs[0].TrainLoss, 1e-3 * contiguous.Epochs[0].TrainLoss);
        Assert.Equal(contiguous.Epochs[1].TrainLoss, uninterrupted.Epochs[1].TrainLoss, 1e-2 * contiguous.Epochs[1].TrainLoss);

        using var interrupt = new CancellationTokenSource();
        new Trainer(config, new Interrupter(interrupt)).Run(_data, _temp["parts"], cancel: interrupt.Token);
        var resumed = new Trainer(config).Run(_data, _temp["parts"], resume: true, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(uninterrupted.Epochs.Select(e => (e.TrainLoss, e.ValLoss, e.ValAcc)), resumed.Epochs.Select(e => (e.TrainLoss, e.ValLoss, e.ValAcc)));
        Assert.Contains("memory order contiguous → channels-last", config.DifferencesFrom(ordinary));
        Assert.DoesNotContain("channels_last", RunHistory.Load(Path.Combine(_temp["contiguous"], RunHistory.JsonFileName)).ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_and_their_gradients_keep_the_ordinary_order_when_batches_are_channels_last()
    {
        random.manual_seed(1);
        using var model = ModelRegistry.Create(ModelCatalog.ResNet18Name, 10);
        using var batch = MemoryOrder.ChannelsLast(randn(4, 3, 32, 32));
        using var loss = nn.functional.cross_entropy(model.call(batch), tensor(new long[] { 0, 1, 2, 3 }));
        loss.backward();
        Assert.All(model.parameters(), p =>
        {
            Assert.True(p.is_contiguous(), "a parameter left the ordinary order");
            Assert.True(p.grad!.is_contiguous(), "a gradient came back in another order than its parameter's");
        });
    }
}
