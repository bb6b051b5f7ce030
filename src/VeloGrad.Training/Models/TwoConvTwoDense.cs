using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>DeepOBS's <c>net_mnist_2c2d</c> (fmnist_2c2d, mnist_2c2d): two 5×5 convolutions of 32 and 64 filters with
/// TensorFlow "same" padding, each with ReLU and 2×2 max-pooling of stride 2 ("same"), then a dense layer of 1024 units
/// with ReLU and the class scores; every weight from a normal truncated at 2σ with σ = 0.05, every bias 0.05. On
/// 1×28×28 images the features end 7×7×64 and the network has DeepOBS's 3,274,634 parameters.</summary>
public sealed class TwoConvTwoDense : Module<Tensor, Tensor>, ISelfInitializing
{
    public const double WeightStd = 0.05, Bias = 0.05;
    private readonly Conv2d conv1, conv2;
    private readonly Linear dense1, dense2;

    public TwoConvTwoDense(int classes, int inputChannels, int imageSize) : base(nameof(TwoConvTwoDense))
    {
        long pooled = (((long)imageSize + 1) / 2 + 1) / 2; // ⌈⌈S/2⌉/2⌉: two "same" poolings of stride 2
        conv1 = Conv2d(inputChannels, 32, 5);
        conv2 = Conv2d(32, 64, 5);
        dense1 = Linear(64 * pooled * pooled, 1024);
        dense2 = Linear(1024, classes);
        RegisterComponents();
    }

    public void Initialize(Generator generator)
    {
        foreach (Module layer in new Module[] { conv1, conv2, dense1, dense2 })
            DeepObsInitialization.Layer(layer, w => DeepObsInitialization.TruncatedNormal(w, WeightStd, generator), Bias);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = Pool(functional.relu(conv1.call(TfSamePadding.Pad(input, 5, 1))));
        x = Pool(functional.relu(conv2.call(TfSamePadding.Pad(x, 5, 1))));
        x = functional.relu(dense1.call(x.flatten(1)));
        return dense2.call(x).MoveToOuterDisposeScope();
    }

    private static Tensor Pool(Tensor x) => functional.max_pool2d(TfSamePadding.Pad(x, 2, 2), 2, 2);
}
