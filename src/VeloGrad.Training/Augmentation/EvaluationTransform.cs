using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>The reference's evaluation transform: scaling and normalisation only.</summary>
public sealed class EvaluationTransform(AugmentationOptions options) : IBatchTransform
{
    private readonly Normalization _normalization = new(options.Mean, options.Std);

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var unit = Normalization.ToUnitRange(images);
        return _normalization.Apply(unit);
    }
}
