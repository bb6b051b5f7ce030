using VeloGrad.Training.Augmentation;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Augmentation;

public class TrainingAugmentationTests
{
    private static Tensor SameImageTimes(int batch)
    {
        using var generator = new Generator(42);
        using var one = randint(0, 256, [1, 3, 32, 32], generator: generator, dtype: ScalarType.Byte);
        return one.expand(batch, -1, -1, -1).contiguous();
    }

    [Fact]
    public void Each_sample_draws_its_own_crop_flip_and_rotation()
    {
        using var images = SameImageTimes(64);
        using var generator = new Generator(7);
        using var augmented = new TrainingAugmentation(new AugmentationOptions()).Apply(images, generator);
        var distinct = Enumerable.Range(0, 64).Select(i => string.Join(',', augmented[i].flatten().data<float>().ToArray().Take(3072))).Distinct().Count();
        Assert.True(distinct > 60, $"Only {distinct} distinct augmentations among 64 copies of one image: decisions are not per sample.");
    }

    [Fact]
    public void The_same_seed_gives_the_same_batch()
    {
        using var images = SameImageTimes(8);
        var augmentation = new TrainingAugmentation(new AugmentationOptions());
        using var g1 = new Generator(5);
        using var g2 = new Generator(5);
        using var g3 = new Generator(6);
        using var a = augmentation.Apply(images, g1);
        using var b = augmentation.Apply(images, g2);
        using var c = augmentation.Apply(images, g3);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
    }

    [Fact]
    public void With_every_random_part_off_it_equals_the_evaluation_transform()
    {
        using var images = SameImageTimes(4);
        var options = new AugmentationOptions { CropPadding = 0, FlipProbability = 0, MaxRotationDegrees = 0 };
        using var g = new Generator(1);
        using var train = new TrainingAugmentation(options).Apply(images, g);
        using var eval = new EvaluationTransform(options).Apply(images, g);
        Assert.True(train.eq(eval).all().item<bool>());
        Assert.Equal(-1f, eval.min().item<float>(), 2);
    }
}
