using TorchSharp.Modules;
using static TorchSharp.torch.optim;

namespace VeloGrad;

public sealed partial class VeloGradOptimizer
{
    /// <summary>A group of parameters with its own hyperparameters.</summary>
    public sealed class ParamGroup : ParamGroup<VeloGradGroupOptions>, IBetas
    {
        /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/>, or the optimizer's defaults when null.</summary>
        public ParamGroup(IEnumerable<Parameter> parameters, VeloGradOptions? options = null)
            : base((parameters ?? throw new ArgumentNullException(nameof(parameters))).ToList(),
                   options is null ? null! : new VeloGradGroupOptions(options)) // null: the optimizer fills in its defaults
        {
        }

        /// <summary>The group's hyperparameters with its current learning rate; setting validates them.</summary>
        public VeloGradOptions Hyperparameters
        {
            get => Options.Hyperparameters;
            set => Options.Hyperparameters = value;
        }

        /// <summary>(β₁, β₂), as schedulers that cycle momentum read and write them.</summary>
        public (double, double) Betas
        {
            get => (Options.Hyperparameters.Beta1, Options.Hyperparameters.Beta2);
            set => Options.Hyperparameters = Options.Hyperparameters with { Beta1 = value.Item1, Beta2 = value.Item2 };
        }
    }
}
