using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>The stem of a ResNet: ImageNet's (7×7 stride-2 convolution and max-pool, as torchvision and the
/// reference build it) or the CIFAR variant (one 3×3 convolution, no pooling).</summary>
public enum ResNetStem
{
    ImageNet,
    Cifar,
}

/// <summary>
/// ResNet-18 as torchvision defines it (BasicBlocks [2, 2, 2, 2], widths 64–512, Kaiming-normal fan-out
/// initialisation of convolutions, batch-norm weights 1 and biases 0), with a head of <c>classes</c> outputs.
/// </summary>
public sealed class ResNet18 : Module<Tensor, Tensor>
{
    private readonly Sequential stem;
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    public ResNet18(int classes, int inputChannels = 3, ResNetStem stemKind = ResNetStem.ImageNet) : base(nameof(ResNet18))
    {
        stem = stemKind == ResNetStem.ImageNet
            ? Sequential(("conv1", Conv2d(inputChannels, 64, 7, stride: 2, padding: 3, bias: false)), ("bn1", BatchNorm2d(64)),
                         ("relu", ReLU(inplace: true)), ("maxpool", MaxPool2d(3, stride: 2, padding: 1)))
            : Sequential(("conv1", Conv2d(inputChannels, 64, 3, stride: 1, padding: 1, bias: false)), ("bn1", BatchNorm2d(64)),
                         ("relu", ReLU(inplace: true)));
        layer1 = Layer(64, 64, stride: 1);
        layer2 = Layer(64, 128, stride: 2);
        layer3 = Layer(128, 256, stride: 2);
        layer4 = Layer(256, 512, stride: 2);
        avgpool = AdaptiveAvgPool2d(1);
        fc = Linear(512, classes);
        RegisterComponents();

        foreach (var (_, module) in named_modules())
        {
            if (module is Conv2d conv) init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
            else if (module is BatchNorm2d bn)
            {
                init.ones_(bn.weight);
                init.zeros_(bn.bias);
            }
        }
    }

    private static Sequential Layer(int inPlanes, int planes, int stride) =>
        Sequential(("0", new BasicBlock(inPlanes, planes, stride)), ("1", new BasicBlock(planes, planes, 1)));

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = layer4.call(layer3.call(layer2.call(layer1.call(stem.call(input)))));
        return fc.call(avgpool.call(x).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <summary>Two 3×3 convolutions with batch norm and a shortcut (a strided 1×1 projection when the shape changes).</summary>
    private sealed class BasicBlock : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;
        private readonly Sequential? downsample;

        public BasicBlock(int inPlanes, int planes, int stride) : base(nameof(BasicBlock))
        {
            conv1 = Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
            bn1 = BatchNorm2d(planes);
            conv2 = Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
            bn2 = BatchNorm2d(planes);
            if (stride != 1 || inPlanes != planes)
                downsample = Sequential(("0", Conv2d(inPlanes, planes, 1, stride: stride, bias: false)), ("1", BatchNorm2d(planes)));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = functional.relu(bn1.call(conv1.call(input)));
            x = bn2.call(conv2.call(x));
            var shortcut = downsample is null ? input : downsample.call(input);
            return functional.relu(x.add_(shortcut)).MoveToOuterDisposeScope();
        }
    }
}
