namespace VeloGrad.Runs;

public static partial class WorkloadCatalog
{
    /// <summary>DeepOBS's fmnist_mlp: its MLP (1000-500-100) on Fashion-MNIST at 1×28×28 in [0, 1], batch 128, the remainder
    /// dropped, 100 epochs (DeepOBS's default setting); judged by test accuracy. DeepOBS published no baselines for it, so its
    /// baselines run at the rates DeepOBS tuned for fmnist_2c2d (the same data) and its target is ours, not DeepOBS's.</summary>
    public static Workload FmnistMlp { get; } = new()
    {
        Name = "fmnist_mlp",
        Description = "DeepOBS's fmnist_mlp: a 1000-500-100 MLP on Fashion-MNIST (28×28, pixels in [0, 1]), batch 128",
        Suite = WorkloadSuite.DeepObs,
        Dataset = "fashion-mnist",
        Model = ModelCatalog.MlpName,
        DropLast = true,
        BaselineRatesOf = "fmnist_2c2d",
        Budget = new(Epochs: 100, TrainLimit: null, TestLimit: null, Target: 89),
        Quick = new(Epochs: 2, TrainLimit: 3_000, TestLimit: 1_024, Target: 60),
    };
}
