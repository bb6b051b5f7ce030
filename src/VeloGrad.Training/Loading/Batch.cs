using static TorchSharp.torch;

namespace VeloGrad.Training.Loading;

/// <summary>One batch, ready for the model: float images [B, C, H, W] and int64 labels [B] on the target device.
/// Prepared outside any dispose scope (possibly on another thread): dispose it when done.</summary>
public sealed class Batch(int index, Tensor images, Tensor labels) : IDisposable
{
    public int Index { get; } = index;
    public Tensor Images { get; } = images;
    public Tensor Labels { get; } = labels;
    public long Size => Labels.shape[0];

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
