using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace VeloGrad.Training.Optimizers;

/// <summary>
/// An optimizer with every setting decided: typed values, each the spec's override or the recipe's default (the one
/// place that default is written). Made once from a parsed <see cref="OptimizerSpec"/> by <see cref="OptimizerRecipes"/>.
/// </summary>
public interface IOptimizerRecipe
{
    /// <summary>The learning rate it trains with (tuning centres its grid here).</summary>
    double LearningRate { get; }

    /// <summary>The weight decay it trains with (tuning centres its grid here).</summary>
    double WeightDecay { get; }

    /// <summary>The optimizer over <paramref name="parameters"/>. On an accelerator the baselines step through
    /// libtorch's multi-tensor kernels (<see cref="Baselines.MultiTensorAdam"/> and its kin: TorchSharp's optimizers
    /// with the same state and arithmetic), so that a comparison measures optimizers rather than launch overhead; on the
    /// CPU they are TorchSharp's own, whose per-tensor loop costs nothing there.</summary>
    optim.Optimizer Create(IEnumerable<Parameter> parameters);
}

/// <summary>Parameters as a list, and whether they live off the CPU, where multi-tensor steps pay.</summary>
internal static class Placement
{
    public static (List<Parameter> List, bool OffCpu) Materialize(IEnumerable<Parameter> parameters)
    {
        var list = parameters.ToList();
        return (list, list.Count > 0 && list[0].device_type != DeviceType.CPU);
    }
}
