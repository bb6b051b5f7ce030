using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>DeepOBS's <c>net_mlp</c> (fmnist_mlp, mnist_mlp): three hidden ReLU layers of 1000, 500 and 100 units over the
/// flattened image (784 pixels), then the class scores; weights from a normal truncated at 2σ with σ = 0.03, biases 0.</summary>
public sealed class Mlp : Module<Tensor, Tensor>, ISelfInitializing
{
    public const double WeightStd = 3e-2;
    private readonly Linear dense1, dense2, dense3, dense4;

    public Mlp(int classes, long inputFeatures) : base(nameof(Mlp))
    {
        dense1 = Linear(inputFeatures, 1000);
        dense2 = Linear(1000, 500);
        dense3 = Linear(500, 100);
        dense4 = Linear(100, classes);
        RegisterComponents();
    }

    public void Initialize(Generator generator)
    {
        foreach (var layer in new[] { dense1, dense2, dense3, dense4 })
            DeepObsInitialization.Layer(layer, w => DeepObsInitialization.TruncatedNormal(w, WeightStd, generator), bias: 0);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.relu(dense1.call(input.flatten(1)));
        x = functional.relu(dense2.call(x));
        x = functional.relu(dense3.call(x));
        return dense4.call(x).MoveToOuterDisposeScope();
    }
}
