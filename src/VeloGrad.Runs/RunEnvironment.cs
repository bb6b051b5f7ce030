namespace VeloGrad.Runs;

/// <summary>Where a run was made: enough to tell two machines' figures apart.</summary>
public sealed record RunEnvironment(
    string Machine, string Os, string Architecture, int LogicalCores, int TorchThreads, string Runtime,
    string TorchSharp, string VeloGrad, string Device, string Precision);
