namespace VeloGrad.Runs;

public static partial class WorkloadCatalog
{
    /// <summary>DeepOBS's mnist_vae (P2): its VAE on MNIST at 1×28×28 in [0, 1], batch 64, the remainder dropped, 50 epochs;
    /// judged by the test loss. MNIST is downloaded (MD5-checked) into the data folder when absent.</summary>
    public static Workload MnistVae { get; } = new()
    {
        Name = "mnist_vae",
        Description = "DeepOBS's mnist_vae: its VAE on MNIST (28×28, pixels in [0, 1]), batch 64; metric: test loss",
        Suite = WorkloadSuite.DeepObs,
        Dataset = "mnist",
        Model = ModelCatalog.VaeName,
        BatchSize = 64,
        DropLast = true,
        Budget = new(Epochs: 50, TrainLimit: null, TestLimit: null, Target: PublishedBest("mnist_vae")),
        Quick = new(Epochs: 2, TrainLimit: 1_000, TestLimit: 512, Target: 100),
    };
}
