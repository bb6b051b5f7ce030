using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>
/// DeepOBS's L2 regularisation of a weight-regularised problem (<c>WeightRegularizedTestproblem</c>): ½ λ Σ ‖w‖² over the
/// parameters named as weights, not the biases, added to every training batch's loss and once to the evaluated loss
/// (DeepOBS's <c>get_regularization_loss</c>). Nothing when λ is 0.
/// </summary>
internal sealed class WeightRegularization
{
    private readonly double _factor;
    private readonly IReadOnlyList<Parameter> _weights;

    public WeightRegularization(nn.Module model, double factor)
    {
        _factor = factor;
        _weights = factor == 0 ? [] : [.. model.named_parameters().Where(p => IsWeight(p.name)).Select(p => p.parameter)];
    }

    public bool Active => _factor != 0;

    /// <summary>½ λ Σ ‖w‖² as a float32 scalar on the weights' device, in the autograd graph (null when off).</summary>
    public Tensor? Term()
    {
        if (!Active) return null;
        using var scope = NewDisposeScope();
        Tensor sum = _weights[0].square().sum();
        for (int i = 1; i < _weights.Count; i++) sum = sum + _weights[i].square().sum();
        return (sum * (0.5 * _factor)).MoveToOuterDisposeScope();
    }

    /// <summary>The term's value now (0 when off).</summary>
    public double Value()
    {
        if (!Active) return 0;
        using var _ = no_grad();
        using var term = Term()!;
        return term.to(ScalarType.Float64).item<double>();
    }

    /// <summary>DeepOBS's rule: "bias" in the name is not regularised, "weight" is (a name with neither is an error there;
    /// here it is left out, as batch-norm's running statistics are no parameters).</summary>
    private static bool IsWeight(string name) => !name.Contains("bias", StringComparison.Ordinal) && name.Contains("weight", StringComparison.Ordinal);
}
