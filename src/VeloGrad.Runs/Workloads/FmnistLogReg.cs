namespace VeloGrad.Runs;

public static partial class WorkloadCatalog
{
    /// <summary>DeepOBS's fmnist_logreg: multinomial logistic regression on Fashion-MNIST at 1×28×28 in [0, 1], weights starting
    /// at 0, batch 128, the remainder dropped, 50 epochs (DeepOBS gives fmnist_logreg no default setting; this is its
    /// mnist_logreg's); judged by test accuracy. DeepOBS published no baselines for it, so its baselines run at the rates
    /// DeepOBS tuned for fmnist_2c2d and its target is ours.</summary>
    public static Workload FmnistLogReg { get; } = new()
    {
        Name = "fmnist_logreg",
        Description = "DeepOBS's fmnist_logreg: logistic regression on Fashion-MNIST (28×28, pixels in [0, 1]), batch 128",
        Suite = WorkloadSuite.DeepObs,
        Dataset = "fashion-mnist",
        Model = ModelCatalog.LogRegName,
        DropLast = true,
        BaselineRatesOf = "fmnist_2c2d",
        Budget = new(Epochs: 50, TrainLimit: null, TestLimit: null, Target: 84),
        Quick = new(Epochs: 2, TrainLimit: 3_000, TestLimit: 1_024, Target: 60),
    };
}
