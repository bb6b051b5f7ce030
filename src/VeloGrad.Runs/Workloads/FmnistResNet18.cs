namespace VeloGrad.Runs;

public static partial class Workloads
{
    /// <summary>The reference's stand-in: ResNet-18 on Fashion-MNIST with the reference's augmentation, batch 128.</summary>
    public static Workload FmnistResNet18 { get; } = new()
    {
        Name = "fmnist-resnet18",
        Description = "Fashion-MNIST, torchvision's ResNet-18 with the reference's augmentation (the stand-in for its CIFAR-10 experiment), batch 128",
        Dataset = "fashion-mnist",
        Model = ModelCatalog.ResNet18Name,
        Augmentation = new(),
        Budget = new(Epochs: 5, TrainLimit: 12_800, TestLimit: 2_000, TargetAccuracy: 85),
        Quick = new(Epochs: 1, TrainLimit: 1_280, TestLimit: 500, TargetAccuracy: 30),
    };
}
