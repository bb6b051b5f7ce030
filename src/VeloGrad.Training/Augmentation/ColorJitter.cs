using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>
/// torchvision's <c>ColorJitter(brightness, contrast, saturation)</c> on images in [0, 1], per sample: each factor drawn
/// uniformly from its range, the three adjustments applied in an order drawn per sample (torchvision draws
/// <c>randperm</c>), each as torchvision's tensor functions compute it and clamped to [0, 1]: brightness scales the
/// image, contrast blends it with the mean of its grey image, saturation with its grey image (grey = 0.2989 R + 0.587 G
/// + 0.114 B). DeepOBS's CIFAR-10 augmentation uses brightness 63/255, contrast [0.2, 1.8] and saturation [0.5, 1.5].
/// </summary>
public static class ColorJitter
{
    public const int Brightness = 0, Contrast = 1, Saturation = 2;

    /// <summary>Per sample: the three factors [B, 3] (in the order above; 1 where an adjustment is off) and the order of
    /// the adjustments [B, 3] (a permutation of 0, 1, 2).</summary>
    public static (Tensor Factors, Tensor Order) Draw(long batch, JitterRange? brightness, JitterRange? contrast, JitterRange? saturation, Generator generator)
    {
        using var scope = NewDisposeScope();
        var columns = new[] { brightness, contrast, saturation }.Select(range => range is { } r
            ? rand(batch, dtype: ScalarType.Float32, generator: generator) * (float)(r.High - r.Low) + (float)r.Low
            : ones(batch, dtype: ScalarType.Float32)).ToArray();
        var order = rand([batch, 3], generator: generator).argsort(1);
        return (stack(columns, 1).MoveToOuterDisposeScope(), order.MoveToOuterDisposeScope());
    }

    public static Tensor Apply(Tensor images, Tensor factors, Tensor order)
    {
        using var scope = NewDisposeScope();
        var x = images;
        for (int position = 0; position < 3; position++)
        {
            var step = order.select(1, position).view(-1, 1, 1, 1);
            for (int adjustment = 0; adjustment < 3; adjustment++)
            {
                var factor = factors.select(1, adjustment).view(-1, 1, 1, 1);
                var adjusted = adjustment switch
                {
                    Brightness => x * factor,
                    Contrast => Blend(x, Grey(x).mean([1, 2, 3], keepdim: true), factor),
                    _ => Blend(x, Grey(x), factor),
                };
                x = where(step.eq(adjustment), adjusted.clamp(0, 1), x);
            }
        }
        return x.MoveToOuterDisposeScope();
    }

    private static Tensor Blend(Tensor image, Tensor other, Tensor factor) => factor * image + (1 - factor) * other;

    /// <summary>torchvision's rgb_to_grayscale (one channel: itself).</summary>
    private static Tensor Grey(Tensor x) => x.shape[1] == 1 ? x
        : (0.2989 * x.narrow(1, 0, 1) + 0.587 * x.narrow(1, 1, 1) + 0.114 * x.narrow(1, 2, 1));
}
