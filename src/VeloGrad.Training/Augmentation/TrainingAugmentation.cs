using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>The reference's training transform, drawn per sample on a whole batch: crop, flip, rotation,
/// then scaling and normalisation.</summary>
public sealed class TrainingAugmentation(AugmentationOptions options) : IBatchTransform
{
    public AugmentationOptions Options { get; } = options;

    public Tensor Apply(Tensor images, Generator generator)
    {
        long batch = images.shape[0];
        using var scope = NewDisposeScope();
        var x = Normalization.ToUnitRange(images);
        if (Options.CropPadding > 0)
        {
            var (offsetY, offsetX) = RandomCrop.Draw(batch, Options.CropPadding, generator);
            x = RandomCrop.Apply(x, Options.CropPadding, offsetY, offsetX);
        }
        if (Options.FlipProbability > 0)
            x = HorizontalFlip.Apply(x, HorizontalFlip.Draw(batch, Options.FlipProbability, generator));
        if (Options.MaxRotationDegrees > 0)
            x = Rotation.Apply(x, Rotation.Draw(batch, Options.MaxRotationDegrees, generator));
        return Normalization.Apply(x, Options.Mean, Options.Std).MoveToOuterDisposeScope();
    }
}
