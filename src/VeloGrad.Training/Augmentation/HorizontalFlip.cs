using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>Mirrors left-right the samples whose mask is true.</summary>
public static class HorizontalFlip
{
    public static Tensor Apply(Tensor images, Tensor mask)
    {
        using var flipped = images.flip(3);
        using var selector = mask.view(-1, 1, 1, 1);
        return where(selector, flipped, images);
    }

    public static Tensor Draw(long batch, double probability, Generator generator) => rand(batch, generator: generator) < probability;
}
