namespace VeloGrad.Runs;

/// <summary>The benchmark suite's workloads, one file each (<c>Workloads/*.cs</c>); adding one is a file and a line in
/// <see cref="All"/>.</summary>
public static partial class Workloads
{
    public static IReadOnlyList<Workload> All { get; } =
        [FmnistMlp, Fmnist2c2d, FmnistResNet18, FmnistVae, QuadraticDeep, Cifar10ResNet18, Cifar10ThreeConvThreeDense];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(w => w.Name)];

    /// <exception cref="InvalidSettingException">No workload has that name.</exception>
    public static Workload Find(string name) => All.FirstOrDefault(w => w.Name == name.Trim().ToLowerInvariant())
        ?? throw new InvalidSettingException(SettingKeys.Workloads, $"Unknown workload '{name}': use one of {string.Join(", ", Names)}.");
}
