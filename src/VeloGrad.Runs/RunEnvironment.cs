namespace VeloGrad.Runs;

/// <summary>
/// Where a run was made: enough to tell two machines' figures apart. <paramref name="Allocator"/> is the C allocator
/// behind libtorch's CPU memory (it changes step times and memory; null in histories older than it).
/// </summary>
public sealed record RunEnvironment(
    string Machine, string Os, string Architecture, int LogicalCores, int TorchThreads, string Runtime,
    string TorchSharp, string VeloGrad, string Device, string Precision, string? Allocator = null);
