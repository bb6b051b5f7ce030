namespace VeloGrad.Runs;

public static partial class WorkloadCatalog
{
    /// <summary>DeepOBS's fmnist_2c2d (P3): its 2c2d network (3,274,634 parameters) on Fashion-MNIST at 1×28×28 in [0, 1],
    /// batch 128, the remainder dropped, 100 epochs; judged by test accuracy.</summary>
    public static Workload Fmnist2c2d { get; } = new()
    {
        Name = "fmnist_2c2d",
        Description = "DeepOBS's fmnist_2c2d: two 5×5 convolutions and two dense layers on Fashion-MNIST (28×28, pixels in [0, 1]), batch 128",
        Suite = WorkloadSuite.DeepObs,
        Dataset = "fashion-mnist",
        Model = ModelCatalog.TwoConvTwoDenseName,
        DropLast = true,
        Budget = new(Epochs: 100, TrainLimit: null, TestLimit: null, Target: PublishedBest("fmnist_2c2d")),
        Quick = new(Epochs: 2, TrainLimit: 3_000, TestLimit: 1_024, Target: 70),
    };
}
