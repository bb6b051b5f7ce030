using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>Turns a uint8 batch [B, C, H, W] into the float batch a model trains on, on the batch's device (the
/// model's), drawing any randomness on the host from <paramref name="generator"/>, so that a seed fixes the result
/// on every device.</summary>
public interface IBatchTransform
{
    Tensor Apply(Tensor images, Generator generator);
}
