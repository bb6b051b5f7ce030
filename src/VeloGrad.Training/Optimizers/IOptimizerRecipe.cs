using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace VeloGrad.Training.Optimizers;

/// <summary>
/// An optimizer with every setting decided: typed values, each the spec's override or the catalog's default. Made once from a parsed <see cref="OptimizerSpec"/> by <see cref="OptimizerRecipes"/>.
/// </summary>
public interface IOptimizerRecipe
{
    /// <summary>The optimizer over <paramref name="parameters"/>. The baselines are TorchSharp's optimizers (same
    /// options, state and file format) stepped by libtorch's own list kernels (<see cref="Baselines.MultiTensorAdam"/>
    /// and its kin): fused on the CPU, <c>_foreach_*</c> on accelerators, so that a comparison measures optimizers
    /// rather than TorchSharp's per-tensor overhead.</summary>
    optim.Optimizer Create(IEnumerable<Parameter> parameters);
}
