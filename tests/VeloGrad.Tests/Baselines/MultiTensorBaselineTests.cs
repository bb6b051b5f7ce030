using TorchSharp.Modules;
using VeloGrad.Baselines;
using static TorchSharp.torch;

namespace VeloGrad.Tests.Baselines;

/// <summary>Adam, AdamW and SGD through libtorch's list kernels (fused and <c>_foreach_*</c>), held step for step to
/// TorchSharp's own.</summary>
public class MultiTensorBaselineTests
{
    public static TheoryData<string, ScalarType, BaselineKernel> Cases()
    {
        var data = new TheoryData<string, ScalarType, BaselineKernel>();
        foreach (var name in new[] { "adam", "adam-wd", "adamw", "adamw-maximize", "sgd", "sgd-nesterov-wd", "sgd-dampening", "sgd-plain", "sgd-maximize-wd" })
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
                foreach (var kernel in new[] { BaselineKernel.Fused, BaselineKernel.ForEach })
                    data.Add(name, dtype, kernel);
        return data;
    }

    private static (OptimizerHelper TorchSharp, OptimizerHelper MultiTensor) Pair(string name, List<Parameter> a, List<Parameter> b, BaselineKernel k) => name switch
    {
        "adam" => ((OptimizerHelper)optim.Adam(a, lr: 0.01), new MultiTensorAdam(b, lr: 0.01) { Kernel = k }),
        "adam-wd" => (optim.Adam(a, lr: 0.02, beta1: 0.8, beta2: 0.99, weight_decay: 0.1), new MultiTensorAdam(b, lr: 0.02, beta1: 0.8, beta2: 0.99, weight_decay: 0.1) { Kernel = k }),
        "adamw" => (optim.AdamW(a, lr: 0.01, weight_decay: 0.05), new MultiTensorAdamW(b, lr: 0.01, weight_decay: 0.05) { Kernel = k }),
        "adamw-maximize" => (optim.AdamW(a, lr: 0.01, weight_decay: 0.01, maximize: true), new MultiTensorAdamW(b, lr: 0.01, weight_decay: 0.01, maximize: true) { Kernel = k }),
        "sgd" => (optim.SGD(a, 0.05, momentum: 0.9), new MultiTensorSgd(b, 0.05, momentum: 0.9) { Kernel = k }),
        "sgd-nesterov-wd" => (optim.SGD(a, 0.05, momentum: 0.9, weight_decay: 0.01, nesterov: true), new MultiTensorSgd(b, 0.05, momentum: 0.9, weight_decay: 0.01, nesterov: true) { Kernel = k }),
        "sgd-dampening" => (optim.SGD(a, 0.05, momentum: 0.5, dampening: 0.3), new MultiTensorSgd(b, 0.05, momentum: 0.5, dampening: 0.3) { Kernel = k }),
        "sgd-plain" => (optim.SGD(a, 0.05), new MultiTensorSgd(b, 0.05) { Kernel = k }),
        // TorchSharp negates SGD's step where libtorch's fused kernel negates the gradient: this takes the _foreach_ route.
        "sgd-maximize-wd" => (optim.SGD(a, 0.05, momentum: 0.5, weight_decay: 0.1, maximize: true), new MultiTensorSgd(b, 0.05, momentum: 0.5, weight_decay: 0.1, maximize: true) { Kernel = k }),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Whether the fused kernel can take this case's tensors at all.</summary>
    private static bool FusedKernelTakes(string name) => name != "sgd-maximize-wd";

    private static List<Parameter> Parameters(ScalarType dtype)
    {
        var generator = new Generator(7);
        return [.. new long[][] { [3, 4], [5], [2, 2, 3], [1], [6] }.Select(shape => new Parameter(randn(shape, dtype: dtype, generator: generator)))];
    }

    private static long FusedUpdates(OptimizerHelper optimizer) => ((ILibTorchBaseline)optimizer).FusedUpdates;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Steps_equal_TorchSharps_with_missing_gradients_a_schedule_and_a_reload(string name, ScalarType dtype, BaselineKernel kernel)
    {
        var (reference, multi) = (Parameters(dtype), Parameters(dtype));
        var (torchSharp, multiTensor) = Pair(name, reference, multi, kernel);
        long expectedFused = 0;
        using var _1 = torchSharp;
        using var _2 = multiTensor;
        var schedules = new[] { optim.lr_scheduler.StepLR(torchSharp, 3, 0.5), optim.lr_scheduler.StepLR(multiTensor, 3, 0.5) };
        (double relative, double absolute) = dtype == ScalarType.Float64 ? (1e-12, 1e-14) : (1e-6, 1e-7);
        for (int step = 0; step < 12; step++)
        {
            var generator = new Generator((ulong)step + 11);
            var grads = reference.Select(p => randn(p.shape, dtype: dtype, generator: generator)).ToList();
            foreach (var (optimizer, parameters, schedule) in new[] { (torchSharp, reference, schedules[0]), (multiTensor, multi, schedules[1]) })
            {
                optimizer.zero_grad();
                for (int i = 0; i < parameters.Count; i++)
                    if ((i + step) % 4 != 0) parameters[i].grad = grads[i].clone(); // every tensor misses every fourth step
                if (optimizer == multiTensor && kernel == BaselineKernel.Fused && FusedKernelTakes(name))
                    expectedFused += parameters.Count(p => p.grad is not null);
                optimizer.step();
                schedule.step();
            }
            if (step == 6)
            {
                // The multi-tensor optimizer's state is TorchSharp's: it saves and loads the same format.
                using var buffer = new MemoryStream();
                using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) multiTensor.save_state_dict(writer);
                buffer.Position = 0;
                using var reader = new BinaryReader(buffer);
                multiTensor.load_state_dict(reader);
            }
            for (int i = 0; i < reference.Count; i++)
                Assert.True(reference[i].allclose(multi[i], rtol: relative, atol: absolute),
                    $"{name} {dtype} {kernel} step {step} parameter {i}: max difference {(reference[i] - multi[i]).abs().max().to(ScalarType.Float64).item<double>()}");
        }
        Assert.Equal(expectedFused, FusedUpdates(multiTensor));
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("sgd")]
    public void Auto_fuses_on_the_CPU(string name)
    {
        var parameters = Parameters(ScalarType.Float32);
        var (torchSharp, optimizer) = Pair(name, Parameters(ScalarType.Float32), parameters, BaselineKernel.Auto);
        using var _1 = torchSharp;
        using var _2 = optimizer;
        foreach (var p in parameters) p.grad = ones_like(p);
        optimizer.step();
        Assert.Equal(parameters.Count, FusedUpdates(optimizer));
    }

    [Theory]
    [InlineData("adam-wd")]
    [InlineData("adamw")]
    [InlineData("sgd-nesterov-wd")]
    public void A_tensor_the_fused_kernel_cannot_walk_takes_the_foreach_route_beside_the_others(string name)
    {
        // A transposed parameter is not contiguous: the fused kernels, walking memory element by element, would pair
        // the wrong elements of it and of its gradient.
        List<Parameter> WithTransposed()
        {
            var generator = new Generator(3);
            return [.. Parameters(ScalarType.Float64), new Parameter(randn([4, 3], dtype: ScalarType.Float64, generator: generator).t())];
        }
        var (reference, multi) = (WithTransposed(), WithTransposed());
        Assert.False(multi[^1].is_contiguous());
        var (torchSharp, multiTensor) = Pair(name, reference, multi, BaselineKernel.Fused);
        using var _1 = torchSharp;
        using var _2 = multiTensor;
        for (int step = 0; step < 5; step++)
        {
            var generator = new Generator((ulong)step + 5);
            var grads = reference.Select(p => randn(p.shape, dtype: ScalarType.Float64, generator: generator)).ToList();
            foreach (var (optimizer, parameters) in new[] { (torchSharp, reference), (multiTensor, multi) })
            {
                for (int i = 0; i < parameters.Count; i++) parameters[i].grad = grads[i].clone();
                optimizer.step();
            }
            for (int i = 0; i < reference.Count; i++)
                Assert.True(reference[i].allclose(multi[i], rtol: 1e-12, atol: 1e-14), $"{name} step {step} parameter {i}");
        }
        Assert.Equal(5 * (multi.Count - 1), FusedUpdates(multiTensor));
    }

    [Fact]
    public void AMSGrad_takes_TorchSharps_own_step()
    {
        var (reference, multi) = (Parameters(ScalarType.Float64), Parameters(ScalarType.Float64));
        using var torchSharp = optim.Adam(reference, lr: 0.01, amsgrad: true);
        using var multiTensor = new MultiTensorAdam(multi, lr: 0.01, amsgrad: true);
        for (int step = 0; step < 4; step++)
            foreach (var (optimizer, parameters) in new[] { (torchSharp, reference), (multiTensor, multi) })
            {
                for (int i = 0; i < parameters.Count; i++) parameters[i].grad = ones_like(parameters[i]) * (step - 1.5 + i);
                optimizer.step();
            }
        for (int i = 0; i < reference.Count; i++) Assert.True(reference[i].eq(multi[i]).all().item<bool>());
    }
}
