namespace VeloGrad.Runs;

public static partial class Workloads
{
    /// <summary>DeepOBS's fmnist_mlp: a 3-hidden-layer MLP on Fashion-MNIST, batch 128, no augmentation.</summary>
    public static Workload FmnistMlp { get; } = new()
    {
        Name = "fmnist-mlp",
        Description = "Fashion-MNIST, DeepOBS's MLP (1000-500-100 ReLU units), batch 128, no augmentation",
        Dataset = "fashion-mnist",
        Model = ModelCatalog.MlpName,
        Budget = new(Epochs: 10, TrainLimit: null, TestLimit: null, Target: 87),
        Quick = new(Epochs: 2, TrainLimit: 3_000, TestLimit: 1_000, Target: 70),
    };
}
