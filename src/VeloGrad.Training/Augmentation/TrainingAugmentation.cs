using VeloGrad.Training.Loading;
using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>The training transform (the reference's by default), drawn per sample on a whole batch: crop, flip, rotation,
/// colour jitter, then normalisation. The draws are made on the host and sent along with the batch; the arithmetic
/// runs where the batch is.</summary>
public sealed class TrainingAugmentation(AugmentationOptions options) : IBatchTransform
{
    private readonly Normalization _normalization = new(options.Mean, options.Std);

    public AugmentationOptions Options { get; } = options;

    public Tensor Apply(Tensor images, Generator generator)
    {
        long batch = images.shape[0];
        using var scope = NewDisposeScope();
        var x = Normalization.ToUnitRange(images);
        if (Options.CropPadding > 0)
        {
            var (offsetY, offsetX) = RandomCrop.Draw(batch, Options.CropPadding, generator);
            x = RandomCrop.Apply(x, Options.CropPadding, DeviceUpload.To(offsetY, x.device), DeviceUpload.To(offsetX, x.device));
        }
        if (Options.FlipProbability > 0)
            x = HorizontalFlip.Apply(x, DeviceUpload.To(HorizontalFlip.Draw(batch, Options.FlipProbability, generator), x.device));
        if (Options.MaxRotationDegrees > 0)
            x = Rotation.Apply(x, DeviceUpload.To(Rotation.Draw(batch, Options.MaxRotationDegrees, generator), x.device));
        if (Options.Jitters)
        {
            var (factors, order) = ColorJitter.Draw(batch, Options.Brightness, Options.Contrast, Options.Saturation, generator);
            x = ColorJitter.Apply(x, DeviceUpload.To(factors, x.device), DeviceUpload.To(order, x.device));
        }
        return _normalization.Apply(x).MoveToOuterDisposeScope();
    }
}
