namespace VeloGrad.Runs;

public static partial class WorkloadCatalog
{
    /// <summary>The reference's stand-in: ResNet-18 on Fashion-MNIST with the reference's augmentation, batch 128. Its
    /// full-budget target is 80 %: of six full-budget runs (VeloGrad and Adam, 3 seeds each) none reached the 85 % first
    /// set, the best 83.50 %, the means 81.75 and 82.60 %.</summary>
    public static Workload FmnistResNet18 { get; } = new()
    {
        Name = "fmnist-resnet18",
        Description = "Fashion-MNIST, torchvision's ResNet-18 with the reference's augmentation (the stand-in for its CIFAR-10 experiment), batch 128",
        Dataset = "fashion-mnist",
        Model = ModelCatalog.ResNet18Name,
        Suite = WorkloadSuite.Reference,
        AugmentationOverride = new(),
        Budget = new(Epochs: 5, TrainLimit: 12_800, TestLimit: 2_000, Target: 80),
        Quick = new(Epochs: 1, TrainLimit: 1_280, TestLimit: 500, Target: 30),
    };
}
