using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using static TorchSharp.torch;

namespace VeloGrad.Training.Loading;

/// <summary>
/// Serves a split in batches: each epoch a fresh permutation from the run's seed (different every epoch,
/// reproducible), the transform drawn per batch from its own derived seed, and the next batch prepared in the
/// background while the current one trains. The uint8 images go to the device as they are (a quarter of float32's
/// bytes), through pinned memory without waiting for the device (<see cref="DeviceUpload"/>), and the transform
/// runs there. The last partial batch is kept unless <c>dropLast</c>.
/// </summary>
public sealed class BatchLoader
{
    private const ulong PermutationStream = 1, AugmentationStream = 2;
    private readonly ImageDataset _data;
    private readonly IBatchTransform _transform;
    private readonly ulong _seed;
    private readonly Device _device;

    public BatchLoader(ImageDataset data, IBatchTransform transform, int batchSize = 128, bool shuffle = true,
        bool dropLast = false, ulong seed = 0, Device? device = null, bool prefetch = true, bool channelsLast = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(transform);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
        _data = data;
        _transform = transform;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        _seed = seed;
        _device = device ?? CPU;
        Prefetch = prefetch;
        ChannelsLast = channelsLast;
    }

    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool DropLast { get; }
    public bool Prefetch { get; }

    /// <summary>Whether batches come in channels-last memory order (NHWC under the NCHW shape).</summary>
    public bool ChannelsLast { get; }
    public long SampleCount => _data.Count;

    public int BatchesPerEpoch => checked((int)(DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize));

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the samples.</summary>
    public Tensor Order(int epoch)
    {
        if (!Shuffle) return arange(_data.Count);
        using var generator = new Generator(SeedSequence.Derive(_seed, PermutationStream, (ulong)epoch));
        return randperm(_data.Count, generator: generator);
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>; dispose each one after use.</summary>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        using var order = Order(epoch);
        int count = BatchesPerEpoch;
        if (!Prefetch)
        {
            for (int i = 0; i < count; i++) yield return Prepare(order, epoch, i);
            yield break;
        }
        Task<Batch>? next = count > 0 ? Task.Run(() => Prepare(order, epoch, 0)) : null;
        try
        {
            for (int i = 0; i < count; i++)
            {
                var current = next!.GetAwaiter().GetResult();
                int following = i + 1; // a copy: the lambda must not see the loop variable move on
                next = following < count ? Task.Run(() => Prepare(order, epoch, following)) : null;
                yield return current;
            }
        }
        finally
        {
            // An abandoned epoch still owns the batch being prepared.
            if (next is not null)
            {
                try { next.GetAwaiter().GetResult().Dispose(); }
                catch (Exception) when (next.IsFaulted) { }
            }
        }
    }

    private Batch Prepare(Tensor order, int epoch, int index)
    {
        using var scope = NewDisposeScope();
        long start = (long)index * BatchSize;
        long size = Math.Min(BatchSize, _data.Count - start);
        var indices = order.narrow(0, start, size);
        var images = DeviceUpload.To(_data.Images.index_select(0, indices), _device);
        using var generator = new Generator(SeedSequence.Derive(_seed, AugmentationStream, (ulong)epoch, (ulong)index));
        var x = _transform.Apply(images, generator);
        if (ChannelsLast && x.dim() == 4) x = MemoryOrder.ChannelsLast(x);
        var y = DeviceUpload.To(_data.Labels.index_select(0, indices), _device);
        return new Batch(index, x.DetachFromDisposeScope(), y.DetachFromDisposeScope());
    }
}
