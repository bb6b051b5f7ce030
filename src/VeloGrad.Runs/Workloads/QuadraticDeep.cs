namespace VeloGrad.Runs;

public static partial class WorkloadCatalog
{
    /// <summary>DeepOBS's quadratic_deep (P1): its own instance of the noisy quadratic in 100 dimensions (Q and the noise drawn
    /// with numpy's RandomState as DeepOBS draws them; test loss at θ = 1: 353.4468), batch 128, the remainder dropped,
    /// 100 epochs; judged by the test loss. Target: DeepOBS's best published baseline's final test loss.</summary>
    public static Workload QuadraticDeep { get; } = new()
    {
        Name = "quadratic_deep",
        Description = "DeepOBS's quadratic_deep: its noisy quadratic (100 dimensions, deep-learning eigenvalue spectrum), batch 128; metric: test loss",
        Suite = WorkloadSuite.DeepObs,
        Dataset = ModelCatalog.QuadraticDatasetName,
        Model = ModelCatalog.QuadraticDeepName,
        DropLast = true,
        Budget = new(Epochs: 100, TrainLimit: null, TestLimit: null, Target: PublishedBest("quadratic_deep")),
        Quick = new(Epochs: 20, TrainLimit: null, TestLimit: null, Target: 100),
    };
}
