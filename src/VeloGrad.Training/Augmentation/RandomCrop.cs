using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>Per-sample crop of the image zero-padded by <c>padding</c>, back to the original size: sample b keeps
/// rows offsetY[b] .. offsetY[b] + H − 1 and columns offsetX[b] .. offsetX[b] + W − 1 of its padded image.</summary>
public static class RandomCrop
{
    public static Tensor Apply(Tensor images, int padding, Tensor offsetY, Tensor offsetX)
    {
        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(images, [padding, padding, padding, padding]);
        var rows = (offsetY.view(b, 1, 1, 1) + arange(h, device: images.device).view(1, 1, h, 1)).expand(b, c, h, w + 2 * padding);
        var columns = (offsetX.view(b, 1, 1, 1) + arange(w, device: images.device).view(1, 1, 1, w)).expand(b, c, h, w);
        return padded.gather(2, rows).gather(3, columns).MoveToOuterDisposeScope();
    }

    /// <summary>Offsets uniform in [0, 2·padding], one pair per sample.</summary>
    public static (Tensor OffsetY, Tensor OffsetX) Draw(long batch, int padding, Generator generator) =>
        (randint(0, 2 * padding + 1, [batch], generator: generator), randint(0, 2 * padding + 1, [batch], generator: generator));
}
