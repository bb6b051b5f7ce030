using VeloGrad.Training.Augmentation;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Augmentation;

/// <summary>Each transform against results worked out by hand on small images.</summary>
public class TransformTests
{
    /// <summary>Sample b, channel c, pixel (r, w) = 100·b + 10·r + w + c/10.</summary>
    private static Tensor Grid(int batch, int size) =>
        (arange(batch).view(batch, 1, 1, 1) * 100 + arange(size).view(1, 1, size, 1) * 10 + arange(size).view(1, 1, 1, size)
         + arange(3).view(1, 3, 1, 1) / 10.0).to(ScalarType.Float32);

    [Fact]
    public void Crop_at_known_offsets_shifts_each_sample_and_fills_zeros()
    {
        using var images = Grid(batch: 2, size: 4);
        // Padding 2: offset (2, 2) is the identity; offset (0, 3) shifts down by 2 and left by 1.
        using var cropped = RandomCrop.Apply(images, padding: 2, offsetY: tensor(new long[] { 2, 0 }), offsetX: tensor(new long[] { 2, 3 }));
        Assert.True(cropped[0].eq(images[0]).all().item<bool>());
        var second = cropped[1, 0];
        var expected = new float[,]
        {
            { 0, 0, 0, 0 },
            { 0, 0, 0, 0 },
            { 101, 102, 103, 0 },
            { 111, 112, 113, 0 },
        };
        Assert.Equal(expected.Cast<float>(), second.flatten().data<float>().ToArray());
        Assert.Equal(101.2f, cropped[1, 2, 2, 0].item<float>(), 4);
    }

    [Fact]
    public void Flip_mirrors_only_the_chosen_samples()
    {
        using var images = Grid(batch: 2, size: 3);
        using var flipped = HorizontalFlip.Apply(images, tensor(new[] { false, true }));
        Assert.True(flipped[0].eq(images[0]).all().item<bool>());
        Assert.Equal(new float[] { 102, 101, 100 }, flipped[1, 0, 0].data<float>().ToArray());
    }

    [Fact]
    public void Rotation_by_90_degrees_is_an_exact_counter_clockwise_quarter_turn()
    {
        using var images = Grid(batch: 2, size: 4);
        using var rotated = Rotation.Apply(images, tensor(new[] { 90f, 0f }));
        // Counter-clockwise: the top row becomes the left column, read upwards.
        using var expected = images[0].rot90(1, (1, 2));
        Assert.True(rotated[0].eq(expected).all().item<bool>());
        Assert.Equal(new float[] { 3, 13, 23, 33 }, rotated[0, 0, 0].data<float>().ToArray());
        Assert.True(rotated[1].eq(images[1]).all().item<bool>());
    }

    [Fact]
    public void Rotation_by_45_degrees_fills_the_corners_with_zeros_and_keeps_the_centre()
    {
        using var images = ones(1, 1, 8, 8);
        using var rotated = Rotation.Apply(images, tensor(new[] { 45f }));
        Assert.Equal(0f, rotated[0, 0, 0, 0].item<float>());
        Assert.Equal(0f, rotated[0, 0, 7, 7].item<float>());
        Assert.Equal(1f, rotated[0, 0, 3, 4].item<float>());
    }

    [Fact]
    public void Normalisation_scales_to_unit_range_then_standardises_per_channel()
    {
        using var images = tensor(new byte[] { 0, 255, 51, 102 }, [1, 2, 1, 2]);
        using var unit = Normalization.ToUnitRange(images);
        using var normalised = new Normalization([0.5f, 0.2f], [0.5f, 0.1f]).Apply(unit);
        Assert.Equal(new[] { -1f, 1f, 0f, 2f }, normalised.flatten().data<float>().ToArray().Select(v => MathF.Round(v, 5)));
    }

    [Fact]
    public void Evaluation_only_scales_and_normalises()
    {
        using var images = tensor(new byte[] { 0, 255, 128 }.Concat(Enumerable.Repeat((byte)0, 9)).ToArray(), [1, 3, 2, 2]);
        using var generator = new Generator(0);
        using var x = new EvaluationTransform(new AugmentationOptions()).Apply(images, generator);
        Assert.Equal(new[] { -1f, 1f, 128 / 255f * 2 - 1 }, x.flatten().data<float>().Take(3).ToArray());
    }
}
