using TorchSharp.Modules;
using VeloGrad.Baselines;
using VeloGrad.Training.Optimizers;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Optimizers;

/// <summary>A spec is parsed and checked once; its recipe holds every setting typed, with the reference's defaults.</summary>
public class OptimizerRecipesTests
{
    private static List<Parameter> Parameters() => [new Parameter(zeros(3))];

    [Fact]
    public void VeloGrad_gets_the_reference_settings_and_takes_overrides_and_switches()
    {
        var reference = VeloGradRecipe.From(OptimizerSpec.Parse("velograd")).Options;
        Assert.Equal(new VeloGradOptions(), reference);
        var tuned = VeloGradRecipe.From(OptimizerSpec.Parse("velograd:lr=0.002,lookahead_k=3,disable=lookahead+directional-momentum")).Options;
        Assert.Equal(0.002, tuned.LearningRate);
        Assert.Equal(3, tuned.LookaheadInterval);
        Assert.Equal(VeloGradComponents.All & ~VeloGradComponents.Lookahead & ~VeloGradComponents.DirectionalMomentum, tuned.Components);
        Assert.IsType<VeloGradOptimizer>(OptimizerRecipes.Of(OptimizerSpec.Parse("velograd")).Create(Parameters()));
    }

    [Theory]
    [InlineData("adam", 1e-3)]
    [InlineData("sgd", 0.01)]
    [InlineData("adamw", 1e-3)]
    [InlineData("sgd:lr=0.2", 0.2)]
    public void Baselines_get_the_reference_learning_rates(string spec, double lr)
    {
        using var optimizer = OptimizerRecipes.Of(OptimizerSpec.Parse(spec)).Create(Parameters());
        Assert.Equal(lr, optimizer.ParamGroups.Single().LearningRate);
    }

    [Fact]
    public void The_baselines_behave_as_configured()
    {
        // One SGD step with momentum 0.9 and L2 weight decay 1e-4 from p = 1 with gradient 1: p − 0.01·(1 + 1e-4).
        var p = new Parameter(ones(1));
        using var sgd = OptimizerRecipes.Of(OptimizerSpec.Parse("sgd")).Create([p]);
        p.grad = ones(1);
        sgd.step();
        Assert.Equal(1 - 0.01 * (1 + 1e-4), p.item<float>(), 6);
    }

    [Theory]
    [InlineData("lbfgs", "Unknown optimizer 'lbfgs'")]
    [InlineData("adam:momentum=0.9", "has no setting 'momentum'")]
    [InlineData("sgd:lr=fast", "lr=fast is not a number")]
    [InlineData("velograd:disable=warp", "Unknown VeloGrad component 'warp'")]
    [InlineData("velograd:lr", "is not key=value")]
    [InlineData("sgd:lr=NaN", "lr=NaN is not a finite number")]
    [InlineData("adam:lr=nan", "lr=nan is not a finite number")]
    [InlineData("sgd:weight_decay=NaN", "weight_decay=NaN is not a finite number")]
    [InlineData("sgd:lr=-1", "lr=-1 is out of range")]
    [InlineData("adam:beta2=1", "beta2=1 is out of range: it must lie in [0, 1)")]
    [InlineData("velograd:lr=-1", "lr=-1 is out of range: it must be a finite number > 0")]
    [InlineData("sgd:lr=0", "lr=0 is out of range: it must be a finite number > 0 (at 0 nothing trains)")]
    [InlineData("adam:lr=0", "lr=0 is out of range")]
    [InlineData("velograd:lookahead_k=2.5", "lookahead_k=2.5 is out of range: it must be a whole number ≥ 1")]
    [InlineData("sgd:nesterov=2", "nesterov=2 is out of range: it must be 0 (off) or 1 (on)")]
    [InlineData("velograd:lr=0.1,lr=0.2", "'velograd:lr=0.1,lr=0.2' sets lr twice (lr=0.1 and lr=0.2): give each setting once.")]
    [InlineData("velograd:disable=lookahead,disable=adaptive-lr", "sets disable twice")]
    public void Mistakes_in_a_spec_are_named(string spec, string message)
    {
        var error = Assert.Throws<InvalidSettingException>(() => OptimizerRecipes.Of(OptimizerSpec.Parse(spec)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(TrainingConfig.Optimizer), error.Setting);
    }

    [Fact]
    public void A_spec_prints_in_a_canonical_form()
    {
        Assert.Equal("sgd:lr=0.05,momentum=0.8", OptimizerSpec.Parse("SGD: momentum=0.8, lr=0.05").ToString());
        Assert.Equal("SGD (lr=0.05)", OptimizerSpec.Parse("sgd:lr=0.05").DisplayName);
    }

    [Theory]
    [InlineData("adam", typeof(MultiTensorAdam), typeof(Adam))]
    [InlineData("adamw", typeof(MultiTensorAdamW), typeof(AdamW))]
    [InlineData("sgd", typeof(MultiTensorSgd), typeof(SGD))]
    public void Baselines_are_TorchSharps_optimizers_stepped_by_libtorchs_list_kernels_on_every_device(string name, Type type, Type torchSharps)
    {
        // The meta device stands for an accelerator here.
        using var accelerated = OptimizerRecipes.Of(OptimizerSpec.Parse(name)).Create([new Parameter(zeros(3, device: "meta"))]);
        using var cpu = OptimizerRecipes.Of(OptimizerSpec.Parse(name)).Create(Parameters());
        Assert.IsType(type, accelerated);
        Assert.IsType(type, cpu);
        Assert.IsAssignableFrom(torchSharps, cpu);
    }

    [Fact]
    public void Every_catalog_optimizer_has_a_recipe_and_every_VeloGrad_part_a_switch()
    {
        Assert.Equal(OptimizerCatalog.Names.Order(), OptimizerRecipes.Names.Order());
        Assert.Equal(OptimizerCatalog.VeloGradParts.Order(), ComponentNames.Names.Order());
        foreach (var part in OptimizerCatalog.VeloGradParts) Assert.Equal(part, ComponentNames.NameOf(ComponentNames.Parse(part)));
        // One flag per name, together every part.
        var flags = OptimizerCatalog.VeloGradParts.Select(ComponentNames.Parse).ToList();
        Assert.Equal(flags.Count, flags.Distinct().Count());
        Assert.Equal(VeloGradComponents.All, flags.Aggregate((a, b) => a | b));
    }

    [Theory]
    [InlineData("velograd:lr=1e-300,beta1=0,beta2=0.999999,eps=0,weight_decay=0,lookahead_k=1,alpha_slow=0,alpha_interp=1")]
    [InlineData("velograd:lr=1e300,beta1=0.999999,beta2=0,eps=1e300,weight_decay=1e300,lookahead_k=2147483647,alpha_slow=1,alpha_interp=0,disable=gradient-norm-scaling+directional-momentum+adaptive-lr+adaptive-weight-decay+lookahead")]
    public void Every_VeloGrad_spec_the_catalog_accepts_makes_valid_options(string text)
    {
        // The recipe relies on it: the catalog's ranges are VeloGradOptions', one setting at a time, and nothing is
        // constrained together.
        var options = VeloGradRecipe.From(OptimizerSpec.Parse(text)).Options;
        options.Validate();
    }

    [Fact]
    public void Every_recipe_trains_with_the_catalogs_defaults()
    {
        Assert.Equal(new AdamRecipe(1e-3, 0.9, 0.999, 1e-8, 1e-4, DecoupledWeightDecay: false), OptimizerRecipes.Of(OptimizerSpec.Parse("adam")));
        Assert.Equal(new AdamRecipe(1e-3, 0.9, 0.999, 1e-8, 1e-2, DecoupledWeightDecay: true), OptimizerRecipes.Of(OptimizerSpec.Parse("adamw")));
        Assert.Equal(new SgdRecipe(0.01, 0.9, 1e-4, 0, Nesterov: false), OptimizerRecipes.Of(OptimizerSpec.Parse("sgd")));
        Assert.Equal(new SgdRecipe(0.3, 0.9, 1e-4, 0, Nesterov: true), OptimizerRecipes.Of(OptimizerSpec.Parse("sgd:lr=0.3,nesterov=1")));
        // The library's own defaults (VeloGradOptions, for users without the catalog) are the catalog's.
        Assert.Equal(new VeloGradRecipe(new VeloGradOptions()), OptimizerRecipes.Of(OptimizerSpec.Parse("velograd")));
    }

    [Fact]
    public void Every_setting_the_catalog_lists_reaches_its_recipe()
    {
        foreach (var definition in OptimizerCatalog.All)
        {
            var plain = OptimizerRecipes.Of(OptimizerSpec.Parse(definition.Name));
            foreach (var parameter in definition.Parameters.Where(p => p.Default is not null))
            {
                double d = parameter.Default!.Value;
                double other = parameter.Setting.Range switch
                {
                    SettingRange.Count => d + 1,
                    SettingRange.Switch => 1 - d,
                    _ => d == 0 ? 0.5 : d / 2,
                };
                var changed = OptimizerRecipes.Of(OptimizerSpec.Parse(definition.Name).With(parameter.Setting.Key, other));
                Assert.True(!changed.Equals(plain), $"{definition.Name}: {parameter.Setting.Key}={other} built the same optimizer as {parameter}");
                Assert.Equal(plain, OptimizerRecipes.Of(OptimizerSpec.Parse(definition.Name).With(parameter.Setting.Key, d)));
            }
        }
    }
}
