namespace VeloGrad.Runs;

public static partial class Workloads
{
    /// <summary>DeepOBS's cifar10_3c3d: three convolutions and three dense layers on CIFAR-10, batch 128, with the
    /// reference's augmentation.</summary>
    public static Workload Cifar10ThreeConvThreeDense { get; } = new()
    {
        Name = "cifar10-3c3d",
        Description = "CIFAR-10, DeepOBS's 3c3d (three convolutions, dense layers of 512 and 256), batch 128, with the reference's augmentation",
        Dataset = "cifar10",
        Model = ModelCatalog.ThreeConvThreeDenseName,
        Augmentation = new(),
        Budget = new(Epochs: 20, TrainLimit: null, TestLimit: null, Target: 75),
        Quick = new(Epochs: 2, TrainLimit: 2_560, TestLimit: 500, Target: 25),
    };
}
