using System.Security.Cryptography;
using static TorchSharp.torch;

namespace VeloGrad.Training.Data;

/// <summary>
/// One split of an image classification dataset, whole in memory: images as one uint8 tensor [N, C, H, W] (or, for
/// data that are not pixels, such as the quadratic's noise, float32 values served as they are) and labels as one
/// int64 tensor [N], with where they were read from.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    public ImageDataset(string name, string split, Tensor images, Tensor labels, IReadOnlyList<string> classNames, string source)
    {
        if (images.dtype is not (ScalarType.Byte or ScalarType.Float32) || images.dim() != 4)
            throw new ArgumentException($"Images must be a uint8 (or float32) tensor [N, C, H, W]; got {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != images.shape[0])
            throw new ArgumentException($"Labels must be an int64 tensor [{images.shape[0]}]; got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        Name = name;
        Split = split;
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        ClassNames = classNames;
        Source = source;
    }

    public string Name { get; }

    /// <summary>"train" or "test".</summary>
    public string Split { get; }

    /// <summary>uint8 [N, C, H, W] pixels, or float32 values.</summary>
    public Tensor Images { get; }

    /// <summary>int64 [N], each in [0, number of classes).</summary>
    public Tensor Labels { get; }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Where the data came from (a folder, an archive, a generator).</summary>
    public string Source { get; }

    public long Count => Labels.shape[0];

    /// <summary>[C, H, W].</summary>
    public long[] ImageShape => Images.shape[1..];

    /// <summary>How many samples each class has.</summary>
    public long[] ClassCounts()
    {
        using var counts = Labels.bincount(null, ClassNames.Count);
        return counts.data<long>().ToArray();
    }

    /// <summary>A SHA-256 of images and labels (first 16 hex digits): the same content gives the same checksum.</summary>
    public string Checksum()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var images = Images.contiguous()) sha.AppendData(images.bytes);
        using (var labels = Labels.contiguous()) sha.AppendData(labels.bytes);
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>
    /// At most <paramref name="limit"/> samples taken class-balanced: each class contributes ⌊limit / K⌋ samples
    /// (the first classes one more for the remainder), its earliest ones, in the split's order.
    /// </summary>
    public ImageDataset Subset(int limit)
    {
        if (limit <= 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "A subset needs at least one sample.");
        if (limit >= Count) return this;
        var labels = Labels.data<long>().ToArray();
        int classes = ClassNames.Count;
        var quota = Enumerable.Range(0, classes).Select(c => limit / classes + (c < limit % classes ? 1 : 0)).ToArray();
        var chosen = new List<long>(limit);
        for (long i = 0; i < labels.Length && chosen.Count < limit; i++)
        {
            if (quota[labels[i]] > 0)
            {
                quota[labels[i]]--;
                chosen.Add(i);
            }
        }
        return Select([.. chosen], Split, $"{Source} (subset of {chosen.Count:N0})");
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order, as a dataset named <paramref name="split"/>.</summary>
    public ImageDataset Select(long[] indices, string split, string source)
    {
        using var index = tensor(indices);
        return new ImageDataset(Name, split, Images.index_select(0, index), Labels.index_select(0, index), ClassNames, source);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
