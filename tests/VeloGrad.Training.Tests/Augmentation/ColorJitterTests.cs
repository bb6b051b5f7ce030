using VeloGrad.Training.Augmentation;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Augmentation;

/// <summary>torchvision's ColorJitter as DeepOBS's CIFAR-10 augmentation uses it, per sample on a batch.</summary>
public class ColorJitterTests
{
    [Fact]
    public void Each_adjustment_is_torchvisions_and_clamped_to_the_unit_range()
    {
        using var images = rand(4, 3, 8, 8, generator: new Generator(1));
        using var order = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2 }).view(4, 3);
        // Factors 1: nothing changes.
        using (var unit = ones(4, 3))
        using (var same = ColorJitter.Apply(images, unit, order))
            Assert.True(same.allclose(images));
        // Brightness alone: x·f, clamped.
        using var brightness = tensor(new float[] { 1.2f, 1, 1, 0.5f, 1, 1, 1, 1, 1, 1, 1, 1 }).view(4, 3);
        using var bright = ColorJitter.Apply(images, brightness, order);
        Assert.True(bright[0].allclose((images[0] * 1.2f).clamp(0, 1)));
        Assert.True(bright[1].allclose(images[1] * 0.5f));
        Assert.True(bright[2].allclose(images[2]));
        // Contrast 0 makes every pixel the mean of the grey image; saturation 0 makes the image its grey image.
        using var flat = tensor(new float[] { 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1 }).view(4, 3);
        using var flattened = ColorJitter.Apply(images, flat, order);
        using var grey0 = 0.2989f * images[0, 0] + 0.587f * images[0, 1] + 0.114f * images[0, 2];
        Assert.True(flattened[0].allclose(grey0.mean().expand(3, 8, 8)));
        using var grey1 = 0.2989f * images[1, 0] + 0.587f * images[1, 1] + 0.114f * images[1, 2];
        Assert.True(flattened[1].allclose(grey1.expand(3, 8, 8)));
    }

    [Fact]
    public void Its_draws_are_uniform_in_each_range_in_an_order_drawn_per_sample()
    {
        using var generator = new Generator(3);
        var (factors, order) = ColorJitter.Draw(2000, new(0.75, 1.25), new(0.2, 1.8), null, generator);
        Assert.InRange(factors.select(1, 0).min().item<float>(), 0.75f, 0.76f);
        Assert.InRange(factors.select(1, 0).max().item<float>(), 1.24f, 1.25f);
        Assert.InRange(factors.select(1, 1).mean().item<float>(), 0.95f, 1.05f);
        Assert.True(factors.select(1, 2).eq(1).all().item<bool>(), "an adjustment that is off has factor 1");
        // Every row a permutation of 0, 1, 2, and all six orders drawn.
        using var sorted = order.sort(1).Values;
        Assert.True(sorted.eq(arange(3).expand(2000, 3)).all().item<bool>());
        var orders = Enumerable.Range(0, 2000).Select(i => string.Join(',', order[i].data<long>().ToArray())).Distinct().Count();
        Assert.Equal(6, orders);
    }
}
