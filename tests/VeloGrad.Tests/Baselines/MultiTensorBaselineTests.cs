using TorchSharp.Modules;
using VeloGrad.Baselines;
using static TorchSharp.torch;

namespace VeloGrad.Tests.Baselines;

/// <summary>Adam, AdamW and SGD through libtorch's multi-tensor kernels, held step for step to TorchSharp's own.</summary>
public class MultiTensorBaselineTests
{
    public static TheoryData<string, ScalarType> Cases()
    {
        var data = new TheoryData<string, ScalarType>();
        foreach (var name in new[] { "adam", "adam-wd", "adamw", "adamw-maximize", "sgd", "sgd-nesterov-wd", "sgd-dampening", "sgd-plain" })
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
                data.Add(name, dtype);
        return data;
    }

    private static (OptimizerHelper TorchSharp, OptimizerHelper MultiTensor) Pair(string name, List<Parameter> a, List<Parameter> b) => name switch
    {
        "adam" => ((OptimizerHelper)optim.Adam(a, lr: 0.01), new MultiTensorAdam(b, lr: 0.01)),
        "adam-wd" => (optim.Adam(a, lr: 0.02, beta1: 0.8, beta2: 0.99, weight_decay: 0.1), new MultiTensorAdam(b, lr: 0.02, beta1: 0.8, beta2: 0.99, weight_decay: 0.1)),
        "adamw" => (optim.AdamW(a, lr: 0.01, weight_decay: 0.05), new MultiTensorAdamW(b, lr: 0.01, weight_decay: 0.05)),
        "adamw-maximize" => (optim.AdamW(a, lr: 0.01, weight_decay: 0.01, maximize: true), new MultiTensorAdamW(b, lr: 0.01, weight_decay: 0.01, maximize: true)),
        "sgd" => (optim.SGD(a, 0.05, momentum: 0.9), new MultiTensorSgd(b, 0.05, momentum: 0.9)),
        "sgd-nesterov-wd" => (optim.SGD(a, 0.05, momentum: 0.9, weight_decay: 0.01, nesterov: true), new MultiTensorSgd(b, 0.05, momentum: 0.9, weight_decay: 0.01, nesterov: true)),
        "sgd-dampening" => (optim.SGD(a, 0.05, momentum: 0.5, dampening: 0.3, maximize: true), new MultiTensorSgd(b, 0.05, momentum: 0.5, dampening: 0.3, maximize: true)),
        "sgd-plain" => (optim.SGD(a, 0.05), new MultiTensorSgd(b, 0.05)),
        _ => throw new ArgumentException(name),
    };

    private static List<Parameter> Parameters(ScalarType dtype)
    {
        var generator = new Generator(7);
        return [.. new long[][] { [3, 4], [5], [2, 2, 3], [1], [6] }.Select(shape => new Parameter(randn(shape, dtype: dtype, generator: generator)))];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Steps_equal_TorchSharps_with_missing_gradients_a_schedule_and_a_reload(string name, ScalarType dtype)
    {
        var (reference, multi) = (Parameters(dtype), Parameters(dtype));
        var (torchSharp, multiTensor) = Pair(name, reference, multi);
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
                    $"{name} {dtype} step {step} parameter {i}: max difference {(reference[i] - multi[i]).abs().max().to(ScalarType.Float64).item<double>()}");
        }
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
