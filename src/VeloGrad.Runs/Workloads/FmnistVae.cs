namespace VeloGrad.Runs;

public static partial class WorkloadCatalog
{
    /// <summary>DeepOBS's fmnist_vae (P5): its VAE on Fashion-MNIST at 1×28×28 in [0, 1], batch 64, the remainder dropped,
    /// 100 epochs; judged by the test loss.</summary>
    public static Workload FmnistVae { get; } = new()
    {
        Name = "fmnist_vae",
        Description = "DeepOBS's fmnist_vae: its VAE on Fashion-MNIST (28×28, pixels in [0, 1]), batch 64; metric: test loss",
        Suite = WorkloadSuite.DeepObs,
        Dataset = "fashion-mnist",
        Model = ModelCatalog.VaeName,
        BatchSize = 64,
        DropLast = true,
        Budget = new(Epochs: 100, TrainLimit: null, TestLimit: null, Target: PublishedBest("fmnist_vae")),
        Quick = new(Epochs: 2, TrainLimit: 1_000, TestLimit: 512, Target: 80),
    };
}
