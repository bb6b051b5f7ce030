using VeloGrad.Training.Data;

namespace VeloGrad.Training.Experiments;

/// <summary>Whether a workload's data is here: a suite runs the workloads whose data is, and a benchmark that names
/// one whose data is missing says so before anything is written.</summary>
public static class WorkloadData
{
    /// <summary>Whether <paramref name="workload"/> can run here without being asked for: its data is present (MNIST may be downloaded).</summary>
    public static bool IsAvailable(Workload workload, DataLocation location)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(location);
        string root = location.Root ?? DatasetCatalog.DefaultDataRoot;
        return workload.Dataset switch
        {
            Cifar10.Name => Cifar10.Locate(root) is not null,
            FashionMnist.Name => FashionMnist.IsPresent(location.FashionMnistFolder ?? FashionMnist.DebianFolder),
            Mnist.Name => Mnist.Locate(root) is not null || Environment.GetEnvironmentVariable(Mnist.UrlVariable) is { Length: > 0 },
            _ => true,
        };
    }

    /// <summary>Makes sure <paramref name="workload"/>'s data is here (no other download: a benchmark's runs read one copy).</summary>
    /// <exception cref="DatasetException">It is not, and cannot be fetched; the message says how to get it.</exception>
    public static void Require(Workload workload, DataLocation location)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(location);
        string root = location.Root ?? DatasetCatalog.DefaultDataRoot;
        if (workload.Dataset == Cifar10.Name && Cifar10.Locate(root) is null)
            throw new DatasetException($"Workload {workload.Name} needs CIFAR-10, which is not in '{root}': fetch it with velograd data inspect --dataset cifar10 --download (or give its folder with --data), or leave {workload.Name} out of --workloads.");
        if (workload.Dataset == Mnist.Name && Mnist.Locate(root) is null && !IsAvailable(workload, location))
            DatasetSelection.Choose(Mnist.Name, root, location.FashionMnistFolder, allowDownload: true); // downloads (MD5-checked), or says why not
        string fashion = location.FashionMnistFolder ?? FashionMnist.DebianFolder;
        if (workload.Dataset == FashionMnist.Name && !FashionMnist.IsPresent(fashion))
            throw new DatasetException($"Workload {workload.Name} needs Fashion-MNIST, which is not in '{fashion}': on Debian, apt-get install dataset-fashion-mnist (or give its folder with --fashion-mnist-dir).");
    }
}
