using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Tests.Support;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Loading;

[Collection(SerialCollection.Name)]
public class BatchLoaderAbandonTests
{
    private static readonly IBatchTransform Identity = new EvaluationTransform(new AugmentationOptions());

    [Fact]
    public void An_abandoned_epoch_releases_the_batch_prepared_ahead()
    {
        using var data = new ImageDataset("n", "train", zeros([40, 3, 2, 2], dtype: ScalarType.Byte), zeros([40], dtype: ScalarType.Int64), ["a"], "memory");
        var loader = new BatchLoader(data, Identity, batchSize: 4);
        foreach (var batch in loader.Epoch(0).Take(1)) batch.Dispose(); // the transform keeps its per-device constants from its first batch on
        long before = LiveTensors.Count();
        foreach (var batch in loader.Epoch(0).Take(2)) batch.Dispose();
        Assert.Equal(before, LiveTensors.Count());
    }
}
