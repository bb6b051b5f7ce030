using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Baselines;
using VeloGrad.MixedPrecision;
using VeloGrad.Tests.Shared;
using VeloGrad.Tests.Support;
using static TorchSharp.torch;
using static VeloGrad.Tests.Support.Tolerance;

namespace VeloGrad.Tests.Cuda;

/// <summary>The GPU paths on a GPU: skipped, saying so, where CUDA is not available (build the tests and pack them
/// with ../shared/gpu/make-kit.sh to run them on a machine with an NVIDIA GPU and PyTorch).</summary>
public class CudaStepTests
{
    private static List<Parameter> OnCuda(List<Parameter> parameters) => [.. parameters.Select(p => new Parameter(p.detach().cuda()))];

    private static void AssignOnCuda(IReadOnlyList<Parameter> parameters, double[]?[] grads)
    {
        SyntheticProblem.Assign(parameters, grads);
        foreach (var p in parameters)
            if (p.grad is { } g) p.grad = g.cuda();
    }

    [Theory]
    [InlineData(ScalarType.Float64, 1e-12, 1e-14)]
    [InlineData(ScalarType.Float32, 2e-5, 2e-6)]
    public void Auto_steps_CUDA_groups_through_the_multi_tensor_kernels_and_matches_per_tensor_on_the_CPU(ScalarType dtype, double relative, double absolute)
    {
        Assert.SkipUnless(CudaAvailability.Available, CudaAvailability.SkipReason);
        var cpu = SyntheticProblem.Parameters(SyntheticProblem.InitialValues(5), dtype);
        var gpu = OnCuda(cpu);
        var options = new VeloGradOptions { LearningRate = 0.01, WeightDecay = 0.05, LookaheadInterval = 3 };
        using var reference = new VeloGradOptimizer(cpu, options) { Execution = VeloGradExecution.PerTensor };
        using var auto = new VeloGradOptimizer(gpu, options);
        for (int step = 0; step < 15; step++)
        {
            var grads = SyntheticProblem.Gradients(seed: 5, step);
            reference.SetLoss(1.5 + step);
            auto.SetLoss(tensor(1.5 + step, dtype: ScalarType.Float64, device: CUDA));
            SyntheticProblem.Assign(cpu, grads);
            AssignOnCuda(gpu, grads);
            reference.step();
            auto.step();
        }
        Assert.True(auto.MultiTensorLayoutsCreated > 0, "Auto did not take the multi-tensor strategy on CUDA");
        for (int i = 0; i < cpu.Count; i++)
            AssertClose(Values(cpu[i]), Values(gpu[i]), relative, absolute, $"{dtype} param {i}");
    }

    [Theory]
    [InlineData("adam", BaselineKernel.Auto)]
    [InlineData("adamw", BaselineKernel.Auto)]
    [InlineData("sgd", BaselineKernel.Auto)]
    [InlineData("adam", BaselineKernel.Fused)]
    [InlineData("adamw", BaselineKernel.Fused)]
    [InlineData("sgd", BaselineKernel.Fused)]
    public void Multi_tensor_baselines_on_CUDA_match_TorchSharps_own_in_float32(string name, BaselineKernel kernel)
    {
        Assert.SkipUnless(CudaAvailability.Available, CudaAvailability.SkipReason);
        var a = OnCuda(SyntheticProblem.Parameters(SyntheticProblem.InitialValues(6), ScalarType.Float32));
        var b = OnCuda(SyntheticProblem.Parameters(SyntheticProblem.InitialValues(6), ScalarType.Float32));
        using OptimizerHelper torchSharp = name switch
        {
            "adam" => optim.Adam(a, lr: 0.01, weight_decay: 1e-4),
            "adamw" => optim.AdamW(a, lr: 0.01, weight_decay: 0.01),
            _ => optim.SGD(a, 0.01, momentum: 0.9, weight_decay: 1e-4),
        };
        using OptimizerHelper multi = name switch
        {
            "adam" => new MultiTensorAdam(b, lr: 0.01, weight_decay: 1e-4) { Kernel = kernel },
            "adamw" => new MultiTensorAdamW(b, lr: 0.01, weight_decay: 0.01) { Kernel = kernel },
            _ => new MultiTensorSgd(b, 0.01, momentum: 0.9, weight_decay: 1e-4) { Kernel = kernel },
        };
        for (int step = 0; step < 10; step++)
        {
            var grads = SyntheticProblem.Gradients(seed: 6, step);
            AssignOnCuda(a, grads);
            AssignOnCuda(b, grads);
            torchSharp.step();
            multi.step();
        }
        for (int i = 0; i < a.Count; i++) AssertClose(Values(a[i]), Values(b[i]), 1e-6, 1e-7, $"{name} {kernel} param {i}");
        long fused = ((ILibTorchBaseline)multi).FusedUpdates;
        Assert.True(kernel == BaselineKernel.Fused ? fused > 0 : fused == 0, $"{name} {kernel}: {fused} fused updates (Auto is _foreach_ on CUDA)");
    }

    [Fact]
    public void The_scaler_unscales_on_CUDA_and_skips_a_step_with_an_infinite_gradient()
    {
        Assert.SkipUnless(CudaAvailability.Available, CudaAvailability.SkipReason);
        var p = new Parameter(ones(4, device: CUDA));
        using var optimizer = optim.SGD([p], 0.1);
        using var scaler = new GradScaler(enabled: true, initialScale: 4);
        p.grad = full(4, 8f, device: CUDA);
        Assert.True(scaler.Step(optimizer, [p]));
        AssertClose([0.8, 0.8, 0.8, 0.8], Values(p), 1e-7, 1e-7, "after an unscaled step (grad 8 / scale 4 = 2)");
        p.grad = tensor(new[] { 1f, float.PositiveInfinity, 1f, 1f }, device: CUDA);
        Assert.False(scaler.Step(optimizer, [p]));
        Assert.Equal(2, scaler.Scale);
        AssertClose([0.8, 0.8, 0.8, 0.8], Values(p), 0, 0, "after a skipped step");
    }
}
