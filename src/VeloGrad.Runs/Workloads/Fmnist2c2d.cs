namespace VeloGrad.Runs;

public static partial class Workloads
{
    /// <summary>DeepOBS's fmnist_2c2d: two convolutions and two dense layers on Fashion-MNIST, batch 128, no augmentation.</summary>
    public static Workload Fmnist2c2d { get; } = new()
    {
        Name = "fmnist-2c2d",
        Description = "Fashion-MNIST, DeepOBS's 2c2d (two 5×5 convolutions, 1024-unit dense layer), batch 128, no augmentation",
        Dataset = "fashion-mnist",
        Model = ModelCatalog.TwoConvTwoDenseName,
        Budget = new(Epochs: 10, TrainLimit: null, TestLimit: null, Target: 90),
        Quick = new(Epochs: 2, TrainLimit: 3_000, TestLimit: 1_000, Target: 70),
    };
}
