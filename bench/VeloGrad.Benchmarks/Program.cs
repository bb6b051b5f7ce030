using System.Globalization;
using VeloGrad.Benchmarks;
using VeloGrad.Runtime;

// Usage: VeloGrad.Benchmarks [all [json-folder] | optimizer-step [rounds] [steps-per-round] | allocator [repeats]
//                             | augmentation [batches] | training-loop [model] [batches]
//                             | precision [rounds] [batches] | step-overhead [steps] | epoch-profile [batches]
//                             | parity-epoch [rounds] [train-limit]] [--json PATH] [--device cpu|cuda]
// --device cuda: optimizer-step, step-overhead and training-loop on the GPU (see bench/gpu/run.sh).
// First: the allocator (it may re-execute with a better one preloaded) and an installed libtorch.
if (ProcessStartup.Run(Console.Error) is { } problem)
{
    Console.Error.WriteLine($"error: {problem}");
    return 1;
}
var arguments = args.ToList();
string? json = null;
int jsonAt = arguments.IndexOf("--json");
if (jsonAt >= 0)
{
    json = arguments.ElementAtOrDefault(jsonAt + 1) ?? throw new ArgumentException("--json needs a file path.");
    arguments.RemoveRange(jsonAt, 2);
}
var device = TorchSharp.torch.CPU;
int deviceAt = arguments.IndexOf("--device");
if (deviceAt >= 0)
{
    device = new TorchSharp.torch.Device(arguments.ElementAtOrDefault(deviceAt + 1) ?? throw new ArgumentException("--device needs cpu or cuda."));
    arguments.RemoveRange(deviceAt, 2);
}
int Number(int index, int fallback) => arguments.Count > index ? int.Parse(arguments[index], CultureInfo.InvariantCulture) : fallback;

string which = arguments.FirstOrDefault() ?? "optimizer-step";
switch (which)
{
    case "all":
    {
        string folder = arguments.ElementAtOrDefault(1) ?? Path.Combine("artifacts", "bench");
        int rc = OptimizerStepBenchmark.Run(rounds: 10, stepsPerRound: 5, Path.Combine(folder, "optimizer-step.json"));
        Console.WriteLine();
        rc |= TrainingLoopBenchmark.Run("resnet18", batches: 8, Path.Combine(folder, "training-loop.json"));
        Console.WriteLine();
        rc |= PrecisionBenchmark.Run(rounds: 3, batches: 6, Path.Combine(folder, "precision.json"));
        Console.WriteLine();
        rc |= AugmentationBenchmark.Run(batches: 40, Path.Combine(folder, "augmentation.json"));
        Console.WriteLine();
        rc |= AllocatorBenchmark.Run(repeats: 3, Path.Combine(folder, "allocator.json"));
        return rc;
    }
    case AllocatorBenchmark.StepChild:
        return AllocatorBenchmark.MeasureSteps();
    case AllocatorBenchmark.MemoryChild:
        return AllocatorBenchmark.MeasureEpochMemory();
    case "allocator":
        return AllocatorBenchmark.Run(repeats: Number(1, 3), json);
    case "optimizer-step":
        return OptimizerStepBenchmark.Run(rounds: Number(1, 10), stepsPerRound: Number(2, 5), json, device);
    case "step-overhead":
        return StepOverheadBenchmark.Run(steps: Number(1, 200), json, device);
    case "augmentation":
        return AugmentationBenchmark.Run(batches: Number(1, 40), json);
    case "precision":
        return PrecisionBenchmark.Run(rounds: Number(1, 3), batches: Number(2, 6), json);
    case "training-loop":
        return TrainingLoopBenchmark.Run(model: arguments.ElementAtOrDefault(1) ?? "resnet18", batches: Number(2, 8), json, device);
    case "parity-epoch":
        return ParityEpochBenchmark.Run(rounds: Number(1, 3), trainLimit: Number(2, 12_800), json);
    case "epoch-profile":
        return EpochProfileBenchmark.Run(batches: Number(1, 20), json);
    default:
        Console.Error.WriteLine($"Unknown benchmark '{which}': use all, optimizer-step, step-overhead, allocator, augmentation, training-loop, epoch-profile, parity-epoch or precision.");
        return 2;
}
