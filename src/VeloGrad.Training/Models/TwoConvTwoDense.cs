using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>DeepOBS's 2c2d (fmnist_2c2d): two 5×5 convolutions of 32 and 64 filters, each with ReLU and 2×2 max-pooling
/// ("same" padding), then a dense layer of 1024 units with ReLU and the class scores.</summary>
public sealed class TwoConvTwoDense : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public TwoConvTwoDense(int classes, int inputChannels, int imageSize) : base(nameof(TwoConvTwoDense))
    {
        int pooled = imageSize / 4;
        layers = Sequential(
            Conv2d(inputChannels, 32, 5, padding: 2), ReLU(inplace: true), MaxPool2d(2, 2),
            Conv2d(32, 64, 5, padding: 2), ReLU(inplace: true), MaxPool2d(2, 2),
            Flatten(),
            Linear(64L * pooled * pooled, 1024), ReLU(inplace: true),
            Linear(1024, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.call(input);
}
