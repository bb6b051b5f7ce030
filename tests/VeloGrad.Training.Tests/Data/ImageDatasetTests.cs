using VeloGrad.Training.Data;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Data;

public class ImageDatasetTests
{
    private static ImageDataset Make(long[] labels) => new("test", "train",
        arange(labels.Length * 3 * 2 * 2, dtype: ScalarType.Int64).remainder(256).to(ScalarType.Byte).reshape(labels.Length, 3, 2, 2),
        tensor(labels), ["a", "b", "c"], "memory");

    [Fact]
    public void A_subset_keeps_each_class_s_earliest_samples_in_order()
    {
        using var data = Make([2, 0, 0, 1, 2, 0, 1, 1, 2]);
        using var subset = data.Subset(5);
        Assert.Equal([2L, 0, 0, 1, 1], subset.Labels.data<long>().ToArray());
        Assert.True(subset.Images[3].eq(data.Images[3]).all().item<bool>());
        Assert.True(subset.Images[4].eq(data.Images[6]).all().item<bool>());
    }

    [Fact]
    public void The_checksum_follows_the_content()
    {
        using var a = Make([0, 1, 2]);
        using var b = Make([0, 1, 2]);
        using var c = Make([0, 2, 1]);
        Assert.Equal(a.Checksum(), b.Checksum());
        Assert.NotEqual(a.Checksum(), c.Checksum());
        Assert.Equal(16, a.Checksum().Length);
    }

    [Fact]
    public void Images_of_the_wrong_type_are_rejected_and_float32_values_are_kept_as_they_are()
    {
        Assert.Throws<ArgumentException>(() => new ImageDataset("x", "train", zeros(2, 3, 4, 4, dtype: ScalarType.Float64), tensor(new long[] { 0, 1 }), ["a", "b"], "memory"));
        Assert.Throws<ArgumentException>(() => new ImageDataset("x", "train", zeros(2, 3, 4, dtype: ScalarType.Byte), tensor(new long[] { 0, 1 }), ["a", "b"], "memory"));
        // Data that are not pixels (the quadratic's noise) are float32 and reach the model unscaled.
        using var values = new ImageDataset("x", "train", full(2, 1, 1, 3, -0.5f), tensor(new long[] { 0, 0 }), ["a"], "memory");
        using var unit = VeloGrad.Training.Augmentation.Normalization.ToUnitRange(values.Images);
        Assert.True(unit.eq(-0.5f).all().item<bool>());
    }
}
