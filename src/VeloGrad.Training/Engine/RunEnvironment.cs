using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>Where a run was made: enough to tell two machines' figures apart.</summary>
public sealed record RunEnvironment(
    string Machine, string Os, string Architecture, int LogicalCores, int TorchThreads, string Runtime,
    string TorchSharp, string VeloGrad, string Device, string Precision)
{
    public static RunEnvironment Current(string device, string precision) => new(
        Environment.MachineName,
        RuntimeInformation.OSDescription,
        RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        get_num_threads(),
        RuntimeInformation.FrameworkDescription,
        typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?",
        typeof(VeloGradOptimizer).Assembly.GetName().Version?.ToString() ?? "?",
        device,
        precision);
}
