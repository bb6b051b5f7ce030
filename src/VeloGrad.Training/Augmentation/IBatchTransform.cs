using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>Turns a uint8 batch [B, C, H, W] into the float batch a model trains on, drawing any randomness
/// from <paramref name="generator"/> so that a seed fixes the result.</summary>
public interface IBatchTransform
{
    Tensor Apply(Tensor images, Generator generator);
}
