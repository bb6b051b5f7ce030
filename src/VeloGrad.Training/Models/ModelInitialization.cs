using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Training.Models;

/// <summary>How convolution weights start.</summary>
public enum ConvolutionInit
{
    /// <summary>PyTorch's default: Kaiming-uniform with a = √5, i.e. U(±1/√fan_in), biases likewise.</summary>
    PyTorchDefault,

    /// <summary>torchvision's ResNets: Kaiming-normal, fan-out, ReLU gain: N(0, 2/fan_out).</summary>
    KaimingNormalFanOut,
}

/// <summary>
/// Initialises a model's parameters from its own generator, with the distributions PyTorch and torchvision use.
/// Module constructors draw from torch's process-wide generator, which other threads share; re-drawing every
/// parameter from a seeded generator makes a model's start depend on its seed alone. (Tensor.uniform_ and
/// normal_ are used because TorchSharp 0.107's nn.init.uniform_/normal_ ignore their generator argument.) A model that
/// says how it starts (<see cref="ISelfInitializing"/>) draws its own, from the same seeded generator.
/// </summary>
public static class ModelInitialization
{
    public static void Apply(nn.Module model, ulong seed, ConvolutionInit convolutions)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var generator = new Generator(seed);
        using var _ = no_grad();
        if (model is ISelfInitializing own)
        {
            own.Initialize(generator); // its definition says how (DeepOBS's networks)
            return;
        }
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv when convolutions == ConvolutionInit.KaimingNormalFanOut:
                    conv.weight.normal_(0, Math.Sqrt(2.0 / FanOut(conv.weight)), generator);
                    if (conv.bias is not null) nn.init.zeros_(conv.bias);
                    break;
                case Conv2d conv:
                    DefaultUniform(conv.weight, conv.bias, generator);
                    break;
                case ConvTranspose2d transposed: // fan-in from dimension 1, as PyTorch computes it for these too
                    DefaultUniform(transposed.weight, transposed.bias, generator);
                    break;
                case Linear linear:
                    DefaultUniform(linear.weight, linear.bias, generator);
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight);
                    nn.init.zeros_(bn.bias);
                    break;
            }
        }
    }

    /// <summary>PyTorch's reset_parameters for Linear and Conv: weight and bias from U(±1/√fan_in).</summary>
    private static void DefaultUniform(Tensor weight, Tensor? bias, Generator generator)
    {
        double bound = 1 / Math.Sqrt(FanIn(weight));
        weight.uniform_(-bound, bound, generator);
        bias?.uniform_(-bound, bound, generator);
    }

    private static long Receptive(Tensor w) => w.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
    private static long FanIn(Tensor w) => w.shape[1] * Receptive(w);
    private static long FanOut(Tensor w) => w.shape[0] * Receptive(w);
}
