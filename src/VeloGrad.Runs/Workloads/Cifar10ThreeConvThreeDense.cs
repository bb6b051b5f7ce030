namespace VeloGrad.Runs;

public static partial class WorkloadCatalog
{
    /// <summary>DeepOBS's cifar10_3c3d (P4): its 3c3d network (895,210 parameters) with L2 regularisation 0.002 of the weights,
    /// DeepOBS's CIFAR-10 augmentation and normalisation, batch 128, the remainder dropped, 100 epochs; judged by test accuracy.</summary>
    public static Workload Cifar10ThreeConvThreeDense { get; } = new()
    {
        Name = "cifar10_3c3d",
        Description = "DeepOBS's cifar10_3c3d: three convolutions and three dense layers on CIFAR-10 with L2 0.002 and DeepOBS's augmentation, batch 128",
        Suite = WorkloadSuite.DeepObs,
        Dataset = "cifar10",
        Model = ModelCatalog.ThreeConvThreeDenseName,
        DropLast = true,
        WeightL2 = 0.002,
        Budget = new(Epochs: 100, TrainLimit: null, TestLimit: null, Target: PublishedBest("cifar10_3c3d")),
        Quick = new(Epochs: 2, TrainLimit: 2_560, TestLimit: 512, Target: 25),
    };
}
