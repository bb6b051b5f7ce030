namespace VeloGrad.Runs;

/// <summary>The benchmark's workloads, one file each (<c>Workloads/*.cs</c>): DeepOBS's test problems in DeepOBS's order
/// (its small set P1–P4 and fmnist_vae, then fmnist_mlp and fmnist_logreg), then the reference's own experiment; adding one
/// is a file and a line in <see cref="All"/>.</summary>
public static partial class WorkloadCatalog
{
    // Computed, not stored: the workloads are static properties of other files of this partial class, whose initialisation
    // order relative to a field here is not guaranteed.
    public static IReadOnlyList<Workload> All =>
        [QuadraticDeep, MnistVae, Fmnist2c2d, Cifar10ThreeConvThreeDense, FmnistVae, FmnistMlp, FmnistLogReg, FmnistResNet18, Cifar10ResNet18];

    /// <summary>The workloads of <paramref name="suite"/>, in order.</summary>
    public static IReadOnlyList<Workload> Of(WorkloadSuite suite) => [.. All.Where(w => w.Suite == suite)];

    public static IReadOnlyList<string> Names => [.. All.Select(w => w.Name)];

    /// <exception cref="InvalidSettingException">No workload has that name.</exception>
    public static Workload Find(string name) => All.FirstOrDefault(w => w.Name == name.Trim().ToLowerInvariant())
        ?? throw new InvalidSettingException(SettingKeys.Workloads, $"Unknown workload '{name}': use one of {string.Join(", ", Names)}.");
}
