using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>DeepOBS's <c>net_mnist_logreg</c> (fmnist_logreg, mnist_logreg): multinomial logistic regression, one dense
/// layer from the flattened image (784 pixels) to the class scores, weights and biases starting at 0.</summary>
public sealed class LogisticRegression : Module<Tensor, Tensor>, ISelfInitializing
{
    private readonly Linear dense;

    public LogisticRegression(int classes, long inputFeatures) : base(nameof(LogisticRegression))
    {
        dense = Linear(inputFeatures, classes);
        RegisterComponents();
    }

    public void Initialize(Generator generator) => DeepObsInitialization.Layer(dense, w => DeepObsInitialization.Constant(w, 0), bias: 0);

    public override Tensor forward(Tensor input) => dense.call(input.flatten(1));
}
