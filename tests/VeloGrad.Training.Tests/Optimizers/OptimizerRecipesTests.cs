using TorchSharp.Modules;
using VeloGrad.Baselines;
using VeloGrad.Training.Optimizers;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Optimizers;

public class OptimizerRegistryTests
{
    private static List<Parameter> Parameters() => [new Parameter(zeros(3))];

    [Fact]
    public void VeloGrad_gets_the_reference_settings_and_takes_overrides_and_switches()
    {
        var reference = OptimizerRegistry.VeloGradOptionsOf(OptimizerSpec.Parse("velograd"));
        Assert.Equal(new VeloGradOptions(), reference);
        var tuned = OptimizerRegistry.VeloGradOptionsOf(OptimizerSpec.Parse("velograd:lr=0.002,lookahead_k=3,disable=lookahead+directional-momentum"));
        Assert.Equal(0.002, tuned.LearningRate);
        Assert.Equal(3, tuned.LookaheadInterval);
        Assert.Equal(VeloGradComponents.All & ~VeloGradComponents.Lookahead & ~VeloGradComponents.DirectionalMomentum, tuned.Components);
        Assert.IsType<VeloGradOptimizer>(OptimizerRegistry.Create(OptimizerSpec.Parse("velograd"), Parameters()));
    }

    [Theory]
    [InlineData("adam", 1e-3)]
    [InlineData("sgd", 0.01)]
    [InlineData("adamw", 1e-3)]
    [InlineData("sgd:lr=0.2", 0.2)]
    public void Baselines_get_the_reference_learning_rates(string spec, double lr)
    {
        using var optimizer = OptimizerRegistry.Create(OptimizerSpec.Parse(spec), Parameters());
        Assert.Equal(lr, optimizer.ParamGroups.Single().LearningRate);
    }

    [Fact]
    public void The_baselines_behave_as_configured()
    {
        // One SGD step with momentum 0.9 and L2 weight decay 1e-4 from p = 1 with gradient 1: p − 0.01·(1 + 1e-4).
        var p = new Parameter(ones(1));
        using var sgd = OptimizerRegistry.Create(OptimizerSpec.Parse("sgd"), [p]);
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
    [InlineData("velograd:lr=-1", "LearningRate must be a finite number ≥ 0; got -1.")]
    [InlineData("velograd:lookahead_k=2.5", "lookahead_k=2.5 must be a whole number ≥ 1")]
    public void Mistakes_in_a_spec_are_named(string spec, string message)
    {
        var error = Assert.Throws<InvalidSettingException>(() => OptimizerRegistry.Validate(OptimizerSpec.Parse(spec)));
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
    public void Baselines_step_through_multi_tensor_kernels_off_the_CPU_and_are_TorchSharps_own_on_it(string name, Type offCpu, Type onCpu)
    {
        // The meta device stands for an accelerator here (anything but the CPU takes the multi-tensor step).
        using var accelerated = OptimizerRegistry.Create(OptimizerSpec.Parse(name), [new Parameter(zeros(3, device: "meta"))]);
        using var cpu = OptimizerRegistry.Create(OptimizerSpec.Parse(name), Parameters());
        Assert.IsType(offCpu, accelerated);
        Assert.IsType(onCpu, cpu);
    }
}
