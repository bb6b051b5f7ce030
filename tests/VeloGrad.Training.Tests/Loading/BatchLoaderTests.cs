using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Loading;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Loading;

public class BatchLoaderTests
{
    /// <summary>Sample i's every pixel is i, so a batch reveals which samples it holds.</summary>
    private static ImageDataset Numbered(int count) => new("numbered", "train",
        arange(count, dtype: ScalarType.Int64).to(ScalarType.Byte).view(count, 1, 1, 1).expand(count, 3, 2, 2).contiguous(),
        arange(count, dtype: ScalarType.Int64).remainder(10), [.. Enumerable.Range(0, 10).Select(i => $"c{i}")], "memory");

    private static readonly IBatchTransform Identity = new EvaluationTransform(new AugmentationOptions { Mean = [0, 0, 0], Std = [1 / 255f, 1 / 255f, 1 / 255f] });

    private static List<long> Visit(BatchLoader loader, int epoch) =>
        loader.Epoch(epoch).SelectMany(batch =>
        {
            using (batch) return batch.Images[.., 0, 0, 0].round().to(ScalarType.Int64).data<long>().ToArray();
        }).ToList();

    [Fact]
    public void An_epoch_visits_every_sample_once_with_the_last_partial_batch_kept()
    {
        using var data = Numbered(10);
        var loader = new BatchLoader(data, Identity, batchSize: 4, seed: 3);
        Assert.Equal(3, loader.BatchesPerEpoch);
        var sizes = loader.Epoch(0).Select(b => { using (b) return b.Size; }).ToList();
        Assert.Equal([4L, 4, 2], sizes);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), Visit(loader, 0).Order());
    }

    [Fact]
    public void Drop_last_leaves_out_the_partial_batch()
    {
        using var data = Numbered(10);
        var loader = new BatchLoader(data, Identity, batchSize: 4, dropLast: true);
        Assert.Equal(2, loader.BatchesPerEpoch);
        Assert.Equal(8, Visit(loader, 0).Count);
    }

    [Fact]
    public void Each_epoch_has_a_fresh_order_reproducible_from_the_seed()
    {
        using var data = Numbered(50);
        var loader = new BatchLoader(data, Identity, batchSize: 8, seed: 11);
        var again = new BatchLoader(data, Identity, batchSize: 8, seed: 11, prefetch: false);
        var other = new BatchLoader(data, Identity, batchSize: 8, seed: 12);
        Assert.NotEqual(Visit(loader, 0), Visit(loader, 1));
        Assert.Equal(Visit(loader, 1), Visit(again, 1));
        Assert.NotEqual(Visit(loader, 1), Visit(other, 1));
    }

    [Fact]
    public void Without_shuffling_the_order_is_the_datasets()
    {
        using var data = Numbered(7);
        var loader = new BatchLoader(data, Identity, batchSize: 3, shuffle: false);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), Visit(loader, 5));
    }

    [Fact]
    public void Augmented_batches_are_reproducible_whether_prefetched_or_not()
    {
        using var data = SyntheticImages.Generate(seed: 1, trainSize: 40, testSize: 10).Train;
        var augmentation = new TrainingAugmentation(new AugmentationOptions());
        var prefetched = new BatchLoader(data, augmentation, batchSize: 16, seed: 2);
        var inline = new BatchLoader(data, augmentation, batchSize: 16, seed: 2, prefetch: false);
        foreach (var (a, b) in prefetched.Epoch(3).Zip(inline.Epoch(3)))
        {
            using (a)
            using (b)
            {
                Assert.True(a.Images.eq(b.Images).all().item<bool>());
                Assert.True(a.Labels.eq(b.Labels).all().item<bool>());
            }
        }
    }
}
