namespace VeloGrad.Runs;

public static partial class Workloads
{
    /// <summary>DeepOBS's quadratic_deep: a noisy quadratic in 100 dimensions whose Hessian has the eigenvalue spectrum
    /// reported for deep networks (90 eigenvalues in (0, 1), 10 in (30, 60)), θ starting at 1, 1,000 noise samples
    /// N(0, 0.6²) to train on and 1,000 others to test on, batch 128; judged by its loss on the test samples. The best
    /// any θ can do on average is ½·0.36·tr Q ≈ 89.</summary>
    public static Workload QuadraticDeep { get; } = new()
    {
        Name = "quadratic-deep",
        Description = "DeepOBS's noisy quadratic (100 dimensions, deep-learning eigenvalue spectrum), batch 128; metric: test loss",
        Dataset = ModelCatalog.QuadraticDatasetName,
        Model = ModelCatalog.QuadraticDeepName,
        Augmentation = AugmentationOptions.Identity,
        Budget = new(Epochs: 100, TrainLimit: null, TestLimit: null, Target: 105),
        Quick = new(Epochs: 20, TrainLimit: null, TestLimit: null, Target: 110),
    };
}
