using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Baselines;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// The fixed cost of an optimizer step, apart from its arithmetic: as many tensors as ResNet-18 has (62), of 4
/// elements each, so what is timed is the calls from .NET, the TorchScript calls and the kernel launches. On the CPU
/// libtorch's <c>_foreach</c> and fused kernels loop tensor by tensor, so there the multi-tensor rows include that loop; on
/// CUDA each is one launch (each step ends with a device synchronisation there).
/// </summary>
internal static class StepOverheadBenchmark
{
    public static int Run(int steps, string? jsonPath, Device? device = null)
    {
        device ??= CPU;
        bool onCuda = device.type == DeviceType.CUDA;
        int tensors;
        using (var model = torchvision.models.resnet18(num_classes: 10)) tensors = model.parameters().Count();
        var parameters = Enumerable.Range(0, tensors).Select(_ => new Parameter(randn(4).to(device))).ToList();
        foreach (var p in parameters) p.grad = randn(4).to(device);
        using var loss = tensor(2.0, dtype: ScalarType.Float64, device: device);
        var optimizers = new (string Name, optim.Optimizer Optimizer)[]
        {
            ("VeloGrad/multi-tensor", new VeloGradOptimizer(parameters) { Execution = VeloGradExecution.MultiTensor }),
            ("VeloGrad/per-tensor", new VeloGradOptimizer(parameters) { Execution = VeloGradExecution.PerTensor }),
            ("Adam/foreach", new MultiTensorAdam(parameters) { Kernel = BaselineKernel.ForEach }),
            ("Adam/fused", new MultiTensorAdam(parameters) { Kernel = BaselineKernel.Fused }),
            ("Adam", optim.Adam(parameters)),
        };
        var samples = optimizers.ToDictionary(o => o.Name, _ => new List<double>());
        void Step(optim.Optimizer o)
        {
            if (o is VeloGradOptimizer v) v.SetLoss(loss);
            o.step();
            if (onCuda) cuda.synchronize();
        }
        foreach (var (_, o) in optimizers)
            for (int i = 0; i < 5; i++) Step(o); // warm-up: state, TorchScript compilation
        for (int round = 0; round < 5; round++)
            foreach (var (name, o) in optimizers)
                for (int i = 0; i < steps / 5; i++) samples[name].Add(StepTimer.Milliseconds(() => Step(o)));

        Console.WriteLine($"Fixed cost of a step: {tensors} tensors of 4 elements on {(onCuda ? "CUDA (synchronised)" : $"the CPU, {get_num_threads()} threads")}, median of {steps} steps:");
        var results = optimizers.Select(o => new { optimizer = o.Name, medianMs = StepTimer.MedianMilliseconds(samples[o.Name]) }).ToList();
        foreach (var r in results) Console.WriteLine($"  {r.optimizer,-24} {r.medianMs,8:F3} ms");
        if (jsonPath is not null) BenchmarkReport.Write(jsonPath, "step-overhead", new { device = device.ToString(), tensors, results });
        foreach (var (_, o) in optimizers) o.Dispose();
        return 0;
    }
}
