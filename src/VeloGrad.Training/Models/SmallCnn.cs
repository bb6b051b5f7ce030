using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>A small convolutional network for fast runs and tests: three conv–BN–ReLU–pool stages and a linear head.</summary>
public sealed class SmallCnn : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear head;

    public SmallCnn(int classes, int inputChannels = 3) : base(nameof(SmallCnn))
    {
        features = Sequential(
            Conv2d(inputChannels, 32, 3, padding: 1, bias: false), BatchNorm2d(32), ReLU(inplace: true), MaxPool2d(2),
            Conv2d(32, 64, 3, padding: 1, bias: false), BatchNorm2d(64), ReLU(inplace: true), MaxPool2d(2),
            Conv2d(64, 128, 3, padding: 1, bias: false), BatchNorm2d(128), ReLU(inplace: true), AdaptiveAvgPool2d(1));
        head = Linear(128, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return head.call(features.call(input).flatten(1)).MoveToOuterDisposeScope();
    }
}
