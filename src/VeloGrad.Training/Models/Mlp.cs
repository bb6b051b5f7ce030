using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>DeepOBS's fmnist_mlp: three hidden ReLU layers of 1000, 500 and 100 units over the flattened image, then
/// the class scores.</summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public Mlp(int classes, long inputFeatures) : base(nameof(Mlp))
    {
        layers = Sequential(
            Flatten(),
            Linear(inputFeatures, 1000), ReLU(inplace: true),
            Linear(1000, 500), ReLU(inplace: true),
            Linear(500, 100), ReLU(inplace: true),
            Linear(100, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.call(input);
}
