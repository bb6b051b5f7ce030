using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>DeepOBS's 3c3d (cifar10_3c3d): convolutions of 64 (5×5, valid), 96 (3×3, valid) and 128 (3×3, same) filters,
/// each with ReLU and 3×3 max-pooling of stride 2 ("same"), then dense layers of 512 and 256 units with ReLU and the
/// class scores. On 32×32 images the feature map ends 3×3×128.</summary>
public sealed class ThreeConvThreeDense : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public ThreeConvThreeDense(int classes, int inputChannels, int imageSize) : base(nameof(ThreeConvThreeDense))
    {
        static long Pooled(long size) => (size + 2 - 3) / 2 + 1;
        long size = Pooled(Pooled(Pooled(imageSize - 4) - 2));
        layers = Sequential(
            Conv2d(inputChannels, 64, 5), ReLU(inplace: true), MaxPool2d(3, 2, padding: 1),
            Conv2d(64, 96, 3), ReLU(inplace: true), MaxPool2d(3, 2, padding: 1),
            Conv2d(96, 128, 3, padding: 1), ReLU(inplace: true), MaxPool2d(3, 2, padding: 1),
            Flatten(),
            Linear(128 * size * size, 512), ReLU(inplace: true),
            Linear(512, 256), ReLU(inplace: true),
            Linear(256, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.call(input);
}
