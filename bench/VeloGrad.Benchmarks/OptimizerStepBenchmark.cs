using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Baselines;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Median step time of VeloGrad (each execution strategy, and with every part off), Adam, AdamW and SGD (TorchSharp's
/// own, and this project's through libtorch's fused and its _foreach_ kernels) on the parameters of a ResNet-18 with 10 classes, with fixed random gradients, on
/// the CPU or a CUDA device (each step then ends with a device synchronisation, and the time until control returns
/// to the host is reported beside it), and on the CPU the memory-traffic floor of a VeloGrad step from the bandwidth
/// measured in the same run. The optimizers take turns, round by round, so drifts of the machine hit all alike.
/// </summary>
internal static class OptimizerStepBenchmark
{
    public sealed record Result(string Optimizer, double MedianMs, double MedianLaunchMs, int Steps);

    /// <summary>Bytes a fused VeloGrad step moves per parameter: reductions read g and g_prev; the update reads g,
    /// m, v, p and writes m, v, g_prev, p; decay reads and writes p (lookahead's slow weights every k steps aside).</summary>
    private static int BytesPerParameter(ScalarType dtype) => 12 * (dtype == ScalarType.Float64 ? 8 : 4);

    public static int Run(int rounds, int stepsPerRound, string? jsonPath, Device? device = null)
    {
        device ??= CPU;
        bool onCuda = device.type == DeviceType.CUDA;
        using var model = torchvision.models.resnet18(num_classes: 10);
        model.to(device);
        var parameters = model.parameters().ToList();
        long count = parameters.Sum(p => p.numel());
        using (no_grad())
        {
            var generator = new Generator(0);
            foreach (var p in parameters) p.grad = randn(p.shape, generator: generator).mul_(1e-2).to(device);
        }

        // On the CPU Auto is the fused strategy, on CUDA the multi-tensor one: the first row is what users get.
        var velograd = new VeloGradOptimizer(parameters);
        var reference = new VeloGradOptimizer(parameters) { Execution = VeloGradExecution.PerTensor };
        var multi = new VeloGradOptimizer(parameters) { Execution = VeloGradExecution.MultiTensor };
        var core = new VeloGradOptimizer(parameters, new VeloGradOptions { Components = VeloGradComponents.None, WeightDecay = 0 });
        using var loss = tensor(2.0, dtype: ScalarType.Float64, device: device);
        void Feed(VeloGradOptimizer o)
        {
            if (onCuda) o.SetLoss(loss); else o.SetLoss(2.0); // as velograd train feeds it on each device
        }
        var optimizers = new (string Name, optim.Optimizer Optimizer, Action BeforeStep)[]
        {
            ("VeloGrad", velograd, () => Feed(velograd)),
            ("VeloGrad/per-tensor", reference, () => Feed(reference)),
            ("VeloGrad/multi-tensor", multi, () => Feed(multi)),
            ("VeloGrad/all parts off", core, () => Feed(core)),
            ("Adam", optim.Adam(parameters, lr: 1e-3, weight_decay: 1e-4), () => { }),
            ("Adam/fused", new MultiTensorAdam(parameters, lr: 1e-3, weight_decay: 1e-4) { Kernel = BaselineKernel.Fused }, () => { }),
            ("Adam/foreach", new MultiTensorAdam(parameters, lr: 1e-3, weight_decay: 1e-4) { Kernel = BaselineKernel.ForEach }, () => { }),
            ("AdamW", optim.AdamW(parameters, lr: 1e-3, weight_decay: 1e-2), () => { }),
            ("AdamW/fused", new MultiTensorAdamW(parameters, lr: 1e-3, weight_decay: 1e-2) { Kernel = BaselineKernel.Fused }, () => { }),
            ("AdamW/foreach", new MultiTensorAdamW(parameters, lr: 1e-3, weight_decay: 1e-2) { Kernel = BaselineKernel.ForEach }, () => { }),
            ("SGD", optim.SGD(parameters, learningRate: 0.01, momentum: 0.9, weight_decay: 1e-4), () => { }),
            ("SGD/fused", new MultiTensorSgd(parameters, 0.01, momentum: 0.9, weight_decay: 1e-4) { Kernel = BaselineKernel.Fused }, () => { }),
            ("SGD/foreach", new MultiTensorSgd(parameters, 0.01, momentum: 0.9, weight_decay: 1e-4) { Kernel = BaselineKernel.ForEach }, () => { }),
        };
        // The route velograd train/compare take for each baseline on this device (BaselineKernel.Auto).
        string Route(string baseline) => $"{baseline}/{(onCuda ? "foreach" : "fused")}";
        var samples = optimizers.ToDictionary(o => o.Name, _ => new List<double>());
        var launches = optimizers.ToDictionary(o => o.Name, _ => new List<double>());
        void Synchronize()
        {
            if (onCuda) cuda.synchronize();
        }
        foreach (var (_, optimizer, before) in optimizers)
        {
            before();
            optimizer.step(); // warm-up: state allocation, TorchScript compilation
            optimizer.step();
        }
        Synchronize();
        using var memory = new MemoryBandwidth();
        for (int round = 0; round < rounds; round++)
        {
            memory.Sample();
            foreach (var (name, optimizer, before) in optimizers)
            {
                for (int s = 0; s < stepsPerRound; s++)
                {
                    before();
                    Synchronize();
                    long start = System.Diagnostics.Stopwatch.GetTimestamp();
                    optimizer.step();
                    launches[name].Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    Synchronize();
                    samples[name].Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }

        var results = optimizers.Select(o => new Result(o.Name, StepTimer.MedianMilliseconds(samples[o.Name]), StepTimer.MedianMilliseconds(launches[o.Name]), samples[o.Name].Count)).ToList();
        double adam = results.Single(r => r.Optimizer == "Adam").MedianMs;
        double Median(string name) => results.Single(r => r.Optimizer == name).MedianMs;
        double ownAdam = Median(Route("Adam"));
        double bandwidth = memory.BestGBps;
        double floorMs = BytesPerParameter(parameters[0].dtype) * count / (bandwidth * 1e9) * 1000;
        Console.WriteLine($"Optimizer step on ResNet-18 ({count:N0} parameters in {parameters.Count} tensors) on {(onCuda ? $"CUDA ({cuda.device_count()} device(s))" : $"the CPU, {get_num_threads()} threads")}, median of {rounds * stepsPerRound} steps each{(onCuda ? ", each ending with a device synchronisation" : "")}:");
        Console.WriteLine($"{"optimizer",-24} {"median ms",10} {"host ms",8} {"vs Adam",8} {(onCuda ? "" : "vs floor"),9}");
        foreach (var r in results)
            Console.WriteLine($"{r.Optimizer,-24} {r.MedianMs,10:F3} {r.MedianLaunchMs,8:F3} {r.MedianMs / adam,8:F2} {(onCuda ? "" : (r.MedianMs / floorMs).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)),9}");
        Console.WriteLine($"(host ms: until control returned to the host; vs Adam: TorchSharp's Adam in this run)");
        Console.WriteLine($"VeloGrad with every part off / this project's Adam ({Route("Adam")}, what train and compare run) = {Median("VeloGrad/all parts off") / ownAdam:F2}");
        if (!onCuda) Console.WriteLine($"memory bandwidth (best of {rounds} samples between rounds) {memory.BestReadGBps:F1} GB/s reading, {memory.BestCopyGBps:F1} GB/s copying; VeloGrad moves {BytesPerParameter(parameters[0].dtype)} bytes a parameter: floor {floorMs:F2} ms at {bandwidth:F1} GB/s");
        Console.WriteLine($"VeloGrad / Adam = {results[0].MedianMs / adam:F2}; VeloGrad / floor = {results[0].MedianMs / floorMs:F2}");
        var pytorch = onCuda ? null : PyTorchReference.Run("optimizer-step", "--steps", "20");
        if (pytorch is { } py)
        {
            Console.WriteLine($"PyTorch {py.GetProperty("torch").GetString()} on the same parameters: Adam {py.GetProperty("adam_ms").GetDouble():F2} ms, AdamW {py.GetProperty("adamw_ms").GetDouble():F2}, SGD {py.GetProperty("sgd_ms").GetDouble():F2}, reference VeloGrad {py.GetProperty("velograd_ms").GetDouble():F2} ms; VeloGrad here / reference VeloGrad = {results[0].MedianMs / py.GetProperty("velograd_ms").GetDouble():F2}");
            Console.WriteLine("this project's baselines / PyTorch's (goal ≤ 1): " + string.Join(", ", new[] { ("Adam", "adam_ms"), ("AdamW", "adamw_ms"), ("SGD", "sgd_ms") }
                .Select(b => $"{Route(b.Item1)} {Median(Route(b.Item1)) / py.GetProperty(b.Item2).GetDouble():F2}")));
        }
        else if (!onCuda)
            Console.WriteLine("(PyTorch baseline skipped: /usr/bin/python3 has no torch; apt-get install python3-torch)");

        if (jsonPath is not null)
            BenchmarkReport.Write(jsonPath, "optimizer-step", new
            {
                device = device.ToString(), parameters = count, tensors = parameters.Count, threads = get_num_threads(), readGBps = memory.BestReadGBps, copyGBps = memory.BestCopyGBps, floorMs, results,
                pytorchAdamMs = pytorch?.GetProperty("adam_ms").GetDouble(), pytorchAdamWMs = pytorch?.GetProperty("adamw_ms").GetDouble(),
                pytorchSgdMs = pytorch?.GetProperty("sgd_ms").GetDouble(), pytorchReferenceVeloGradMs = pytorch?.GetProperty("velograd_ms").GetDouble(),
            });
        foreach (var (_, optimizer, _) in optimizers) optimizer.Dispose();
        return 0;
    }
}
