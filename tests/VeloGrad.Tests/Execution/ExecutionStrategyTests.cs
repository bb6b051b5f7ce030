using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Tests.Support;
using static TorchSharp.torch;
using static VeloGrad.Tests.Support.Tolerance;

namespace VeloGrad.Tests.Execution;

/// <summary>The fused CPU strategy held to the simple per-tensor strategy.</summary>
public class ExecutionStrategyTests
{
    /// <summary>float32: per-tensor factors are float32 tensors in the per-tensor strategy and doubles in the fused
    /// one, and reductions sum in another order; 20 steps stay within this.</summary>
    private const double Float32Relative = 2e-5, Float32Absolute = 2e-6;

    private static (List<Parameter>, VeloGradOptimizer) Setup(int seed, ScalarType dtype, VeloGradExecution execution, VeloGradComponents components)
    {
        var parameters = SyntheticProblem.Parameters(SyntheticProblem.InitialValues(seed), dtype);
        var options = new VeloGradOptions { LearningRate = 0.01, WeightDecay = 0.05, LookaheadInterval = 3, Components = components };
        var optimizer = new VeloGradOptimizer([
            new VeloGradOptimizer.ParamGroup(parameters.Take(2), options),
            new VeloGradOptimizer.ParamGroup(parameters.Skip(2), options with { LearningRate = 0.003, LookaheadInterval = 2 }),
        ]) { Execution = execution };
        return (parameters, optimizer);
    }

    public static TheoryData<VeloGradComponents, VeloGradExecution> Switches()
    {
        var data = new TheoryData<VeloGradComponents, VeloGradExecution>();
        foreach (var execution in new[] { VeloGradExecution.FusedCpu, VeloGradExecution.MultiTensor })
            foreach (VeloGradComponents components in ComponentSwitchTests.Combinations())
                data.Add(components, execution);
        return data;
    }

    [Theory]
    [MemberData(nameof(Switches))]
    public void Fused_and_multi_tensor_match_per_tensor_in_float32_with_groups_missing_gradients_and_switches(VeloGradComponents components, VeloGradExecution execution)
    {
        var (reference, referenceOptimizer) = Setup(3, ScalarType.Float32, VeloGradExecution.PerTensor, components);
        var (fused, fusedOptimizer) = Setup(3, ScalarType.Float32, execution, components);
        using (referenceOptimizer)
        using (fusedOptimizer)
        {
            for (int step = 0; step < 20; step++)
            {
                var grads = SyntheticProblem.Gradients(seed: 3, step);
                foreach (var (optimizer, parameters) in new[] { (referenceOptimizer, reference), (fusedOptimizer, fused) })
                {
                    if (step % 4 != 1) optimizer.SetLoss(1.5 + step);
                    SyntheticProblem.Assign(parameters, grads);
                    optimizer.step();
                }
                for (int i = 0; i < reference.Count; i++)
                    AssertClose(Values(reference[i]), Values(fused[i]), Float32Relative, Float32Absolute, $"{components} step {step} param {i}");
            }
            for (int i = 0; i < reference.Count; i++)
            {
                var (a, b) = (referenceOptimizer.GetState(reference[i]), fusedOptimizer.GetState(fused[i]));
                Assert.Equal(a.Step, b.Step);
                AssertClose(Values(a.ExpAvgSq!), Values(b.ExpAvgSq!), Float32Relative, 1e-9, $"exp_avg_sq {i}");
                Assert.Equal(components.HasFlag(VeloGradComponents.Lookahead), (a.SlowParams ?? b.SlowParams) is not null);
                if (a.SlowParams is not null)
                    AssertClose(Values(a.SlowParams), Values(b.SlowParams!), Float32Relative, Float32Absolute, $"slow {i}");
            }
        }
    }

    [Theory]
    [InlineData(VeloGradExecution.FusedCpu, VeloGradExecution.PerTensor)]
    [InlineData(VeloGradExecution.MultiTensor, VeloGradExecution.PerTensor)]
    [InlineData(VeloGradExecution.PerTensor, VeloGradExecution.MultiTensor)]
    [InlineData(VeloGradExecution.MultiTensor, VeloGradExecution.FusedCpu)]
    public void State_saved_under_one_strategy_continues_under_the_other(VeloGradExecution saver, VeloGradExecution loader)
    {
        var (parameters, optimizer) = Setup(4, ScalarType.Float64, saver, VeloGradComponents.All);
        var (twin, twinOptimizer) = Setup(4, ScalarType.Float64, loader, VeloGradComponents.All);
        using (optimizer)
        using (twinOptimizer)
        {
            for (int step = 0; step < 4; step++)
            {
                optimizer.SetLoss(2.0);
                SyntheticProblem.Assign(parameters, SyntheticProblem.Gradients(seed: 4, step));
                optimizer.step();
            }
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
            buffer.Position = 0;
            using (var reader = new BinaryReader(buffer)) twinOptimizer.load_state_dict(reader);
            using (no_grad())
                for (int i = 0; i < parameters.Count; i++) twin[i].copy_(parameters[i]);

            for (int step = 4; step < 9; step++)
            {
                var grads = SyntheticProblem.Gradients(seed: 4, step);
                foreach (var (o, p) in new[] { (optimizer, parameters), (twinOptimizer, twin) })
                {
                    o.SetLoss(2.0);
                    SyntheticProblem.Assign(p, grads);
                    o.step();
                }
            }
            for (int i = 0; i < parameters.Count; i++)
                AssertClose(Values(parameters[i]), Values(twin[i]), 1e-12, 1e-15, $"param {i}");
        }
    }

    [Fact]
    public void Auto_fuses_CPU_float32_and_float64_and_leaves_the_rest_per_tensor()
    {
        using var cpu = new Parameter(zeros(4));
        using var half = new Parameter(zeros(4, dtype: ScalarType.BFloat16));
        using var strided = new Parameter(zeros(4, 4).t());
        Assert.True(VeloGrad.Execution.FusedCpuStep.Supports(cpu, zeros(4)));
        Assert.False(VeloGrad.Execution.FusedCpuStep.Supports(half, zeros(4, dtype: ScalarType.BFloat16)));
        Assert.False(VeloGrad.Execution.FusedCpuStep.Supports(strided, zeros(4, 4).t()));
        using var meta = new Parameter(empty(4, device: new Device(DeviceType.META)));
        Assert.False(VeloGrad.Execution.FusedCpuStep.Supports(meta, empty(4, device: new Device(DeviceType.META))));
    }

    [Fact]
    public void Explicit_FusedCpu_on_a_parameter_it_cannot_take_throws_naming_it_and_changes_nothing()
    {
        using var cpu = new Parameter(ones(4));
        using var half = new Parameter(ones(4, dtype: ScalarType.BFloat16));
        using var optimizer = new VeloGradOptimizer([cpu, half]) { Execution = VeloGradExecution.FusedCpu };
        cpu.grad = ones(4);
        half.grad = ones(4, dtype: ScalarType.BFloat16);
        var error = Assert.Throws<NotSupportedException>(() => optimizer.step());
        Assert.Contains("parameter 1 of group 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("BFloat16", error.Message, StringComparison.Ordinal);
        Assert.Contains("Auto", error.Message, StringComparison.Ordinal);
        Assert.True(cpu.eq(1).all().item<bool>());
        Assert.Equal(0, optimizer.GetState(cpu).Step);

        optimizer.Execution = VeloGradExecution.Auto;
        optimizer.step();
        Assert.Equal(1, optimizer.GetState(half).Step);
    }
}
