using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Training.Models;

/// <summary>A model that draws its own starting parameters, as its definition says (DeepOBS's test problems each
/// initialise theirs), from the generator it is given.</summary>
public interface ISelfInitializing
{
    void Initialize(Generator generator);
}

/// <summary>
/// The initialisations DeepOBS's networks use, drawn from a given generator: TensorFlow's truncated normal (values beyond
/// two standard deviations redrawn; here by the inverse CDF, as PyTorch's <c>trunc_normal_</c>: the same distribution),
/// Xavier/Glorot normal and uniform with PyTorch's fan computation, and constants. DeepOBS samples its truncated normal
/// with scipy from a numpy state seeded off torch's generator, so its numbers cannot be reproduced, only their law.
/// </summary>
public static class DeepObsInitialization
{
    /// <summary>N(0, std²) truncated to ±2 std.</summary>
    public static void TruncatedNormal(Tensor weight, double std, Generator generator)
    {
        using var _ = no_grad();
        // u ~ U(Φ(−2), Φ(2)); x = √2 · erfinv(2u − 1) · std
        weight.uniform_(2 * PhiMinusTwo - 1, 2 * (1 - PhiMinusTwo) - 1, generator);
        weight.erfinv_().mul_(std * Math.Sqrt(2)).clamp_(-2 * std, 2 * std);
    }

    /// <summary>Glorot normal: N(0, 2 / (fan_in + fan_out)).</summary>
    public static void XavierNormal(Tensor weight, Generator generator)
    {
        using var _ = no_grad();
        weight.normal_(0, Math.Sqrt(2.0 / (FanIn(weight) + FanOut(weight))), generator);
    }

    /// <summary>Glorot uniform: U(±√(6 / (fan_in + fan_out))).</summary>
    public static void XavierUniform(Tensor weight, Generator generator)
    {
        using var _ = no_grad();
        double bound = Math.Sqrt(6.0 / (FanIn(weight) + FanOut(weight)));
        weight.uniform_(-bound, bound, generator);
    }

    public static void Constant(Tensor? tensor, double value)
    {
        if (tensor is null) return;
        using var _ = no_grad();
        tensor.fill_(value);
    }

    /// <summary>Weights and biases of a dense or convolutional layer, each by its rule.</summary>
    public static void Layer(nn.Module layer, Action<Tensor> weight, double bias)
    {
        var (w, b) = layer switch
        {
            Linear linear => (linear.weight!, linear.bias),
            Conv2d conv => (conv.weight!, conv.bias),
            ConvTranspose2d transposed => (transposed.weight!, transposed.bias),
            _ => throw new ArgumentException($"{layer.GetName()} is neither a dense nor a convolutional layer.", nameof(layer)),
        };
        weight(w);
        Constant(b, bias);
    }

    // PyTorch's _calculate_fan_in_and_fan_out: dimension 1 × receptive field is fan-in, dimension 0 × it fan-out
    // (for a transposed convolution too, whose weight is [in, out, k, k]).
    private static long Receptive(Tensor w) => w.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
    private static long FanIn(Tensor w) => w.shape[1] * Receptive(w);
    private static long FanOut(Tensor w) => w.shape[0] * Receptive(w);

    /// <summary>Φ(−2), the standard normal's probability below −2.</summary>
    private const double PhiMinusTwo = 0.022750131948179195;
}
