namespace VeloGrad.Runs;

public static partial class WorkloadCatalog
{
    /// <summary>The reference's own experiment: ResNet-18 on CIFAR-10 with its augmentation, batch 128.</summary>
    public static Workload Cifar10ResNet18 { get; } = new()
    {
        Name = "cifar10-resnet18",
        Description = "CIFAR-10, torchvision's ResNet-18 with the reference's augmentation (the reference's experiment), batch 128",
        Dataset = "cifar10",
        Model = ModelCatalog.ResNet18Name,
        Suite = WorkloadSuite.Reference,
        AugmentationOverride = new(),
        Budget = new(Epochs: 20, TrainLimit: null, TestLimit: null, Target: 70),
        Quick = new(Epochs: 1, TrainLimit: 2_560, TestLimit: 500, Target: 25),
    };
}
