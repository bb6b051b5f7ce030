using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>The reference's evaluation transform: scaling and normalisation only.</summary>
public sealed class EvaluationTransform(AugmentationOptions options) : IBatchTransform
{
    public Tensor Apply(Tensor images, Generator generator)
    {
        using var unit = Normalization.ToUnitRange(images);
        return Normalization.Apply(unit, options.Mean, options.Std);
    }
}
