using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Median step time of VeloGrad (each execution strategy), Adam and SGD on the parameters of a ResNet-18 with
/// 10 classes, with fixed random gradients, and the memory-traffic floor of a VeloGrad step from the bandwidth
/// measured in the same run. The optimizers take turns, round by round, so drifts of the machine hit all alike.
/// </summary>
internal static class OptimizerStepBenchmark
{
    public sealed record Result(string Optimizer, double MedianMs, int Steps);

    /// <summary>Bytes a fused VeloGrad step moves per parameter: reductions read g and g_prev; the update reads g,
    /// m, v, p and writes m, v, g_prev, p; decay reads and writes p (lookahead's slow weights every k steps aside).</summary>
    private static int BytesPerParameter(ScalarType dtype) => 12 * (dtype == ScalarType.Float64 ? 8 : 4);

    public static int Run(int rounds, int stepsPerRound, string? jsonPath)
    {
        using var model = torchvision.models.resnet18(num_classes: 10);
        var parameters = model.parameters().ToList();
        long count = parameters.Sum(p => p.numel());
        using (no_grad())
        {
            var generator = new Generator(0);
            foreach (var p in parameters) p.grad = randn(p.shape, generator: generator).mul_(1e-2);
        }

        var velograd = new VeloGradOptimizer(parameters) { Execution = VeloGradExecution.FusedCpu };
        var reference = new VeloGradOptimizer(parameters) { Execution = VeloGradExecution.PerTensor };
        // For information: built for accelerators, where its fixed number of kernels counts; the CPU pays its masks.
        var multi = new VeloGradOptimizer(parameters) { Execution = VeloGradExecution.MultiTensor };
        var optimizers = new (string Name, optim.Optimizer Optimizer, Action BeforeStep)[]
        {
            ("VeloGrad", velograd, () => velograd.SetLoss(2.0)),
            ("VeloGrad/per-tensor", reference, () => reference.SetLoss(2.0)),
            ("VeloGrad/multi-tensor", multi, () => multi.SetLoss(2.0)),
            ("Adam", optim.Adam(parameters, lr: 1e-3, weight_decay: 1e-4), () => { }),
            ("SGD", optim.SGD(parameters, learningRate: 0.01, momentum: 0.9, weight_decay: 1e-4), () => { }),
        };
        var samples = optimizers.ToDictionary(o => o.Name, _ => new List<double>());
        foreach (var (_, optimizer, before) in optimizers)
        {
            before();
            optimizer.step(); // warm-up: state allocation
        }
        using var memory = new MemoryBandwidth();
        for (int round = 0; round < rounds; round++)
        {
            memory.Sample();
            foreach (var (name, optimizer, before) in optimizers)
            {
                for (int s = 0; s < stepsPerRound; s++)
                {
                    before();
                    samples[name].Add(StepTimer.Milliseconds(() => optimizer.step()));
                }
            }
        }

        var results = optimizers.Select(o => new Result(o.Name, StepTimer.MedianMilliseconds(samples[o.Name]), samples[o.Name].Count)).ToList();
        double adam = results.Single(r => r.Optimizer == "Adam").MedianMs;
        double bandwidth = memory.BestGBps;
        double floorMs = BytesPerParameter(parameters[0].dtype) * count / (bandwidth * 1e9) * 1000;
        Console.WriteLine($"Optimizer step on ResNet-18 ({count:N0} parameters, {get_num_threads()} threads), median of {rounds * stepsPerRound} steps each:");
        Console.WriteLine($"{"optimizer",-20} {"median ms",10} {"vs Adam",8} {"vs floor",9}");
        foreach (var r in results)
            Console.WriteLine($"{r.Optimizer,-20} {r.MedianMs,10:F2} {r.MedianMs / adam,8:F2} {r.MedianMs / floorMs,9:F2}");
        Console.WriteLine($"memory bandwidth (best of {rounds} samples between rounds) {memory.BestReadGBps:F1} GB/s reading, {memory.BestCopyGBps:F1} GB/s copying; VeloGrad moves {BytesPerParameter(parameters[0].dtype)} bytes a parameter: floor {floorMs:F2} ms at {bandwidth:F1} GB/s");
        Console.WriteLine($"VeloGrad / Adam = {results[0].MedianMs / adam:F2}; VeloGrad / floor = {results[0].MedianMs / floorMs:F2}");
        var pytorch = PyTorchReference.Run("optimizer-step", "--steps", "20");
        if (pytorch is { } py)
            Console.WriteLine($"PyTorch {py.GetProperty("torch").GetString()} on the same parameters: Adam {py.GetProperty("adam_ms").GetDouble():F2} ms, reference VeloGrad {py.GetProperty("velograd_ms").GetDouble():F2} ms; VeloGrad here / reference VeloGrad = {results[0].MedianMs / py.GetProperty("velograd_ms").GetDouble():F2}");
        else
            Console.WriteLine("(PyTorch baseline skipped: /usr/bin/python3 has no torch; apt-get install python3-torch)");

        if (jsonPath is not null)
            BenchmarkReport.Write(jsonPath, "optimizer-step", new
            {
                parameters = count, threads = get_num_threads(), readGBps = memory.BestReadGBps, copyGBps = memory.BestCopyGBps, floorMs, results,
                pytorchAdamMs = pytorch?.GetProperty("adam_ms").GetDouble(), pytorchReferenceVeloGradMs = pytorch?.GetProperty("velograd_ms").GetDouble(),
            });
        foreach (var (_, optimizer, _) in optimizers) optimizer.Dispose();
        return 0;
    }
}
