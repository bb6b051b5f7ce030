using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>DeepOBS's <c>net_cifar10_3c3d</c> (cifar10_3c3d): convolutions of 64 (5×5, valid), 96 (3×3, valid) and 128
/// (3×3, TensorFlow "same") filters, each with ReLU and 3×3 max-pooling of stride 2 ("same"), then dense layers of 512
/// and 256 units with ReLU and the class scores; convolution weights Xavier-normal, dense weights Xavier-uniform, biases
/// 0. On 32×32 images the features end 3×3×128 (895,210 parameters). Its L2 regularisation (0.002 on the weights) is the
/// problem's, not the network's: <see cref="TrainingConfig.WeightL2"/>.</summary>
public sealed class ThreeConvThreeDense : Module<Tensor, Tensor>, ISelfInitializing
{
    private readonly Conv2d conv1, conv2, conv3;
    private readonly Linear dense1, dense2, dense3;

    public ThreeConvThreeDense(int classes, int inputChannels, int imageSize) : base(nameof(ThreeConvThreeDense))
    {
        static long Pooled(long size) => (size + 1) / 2; // "same" 3×3 pooling of stride 2: ⌈S/2⌉
        long size = Pooled(Pooled(Pooled(imageSize - 4) - 2));
        conv1 = Conv2d(inputChannels, 64, 5);
        conv2 = Conv2d(64, 96, 3);
        conv3 = Conv2d(96, 128, 3);
        dense1 = Linear(128 * size * size, 512);
        dense2 = Linear(512, 256);
        dense3 = Linear(256, classes);
        RegisterComponents();
    }

    public void Initialize(Generator generator)
    {
        foreach (var conv in new[] { conv1, conv2, conv3 })
            DeepObsInitialization.Layer(conv, w => DeepObsInitialization.XavierNormal(w, generator), bias: 0);
        foreach (var dense in new[] { dense1, dense2, dense3 })
            DeepObsInitialization.Layer(dense, w => DeepObsInitialization.XavierUniform(w, generator), bias: 0);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = Pool(functional.relu(conv1.call(input)));
        x = Pool(functional.relu(conv2.call(x)));
        x = Pool(functional.relu(conv3.call(TfSamePadding.Pad(x, 3, 1))));
        x = functional.relu(dense1.call(x.flatten(1)));
        x = functional.relu(dense2.call(x));
        return dense3.call(x).MoveToOuterDisposeScope();
    }

    private static Tensor Pool(Tensor x) => functional.max_pool2d(TfSamePadding.Pad(x, 3, 2), 3, 2);
}
