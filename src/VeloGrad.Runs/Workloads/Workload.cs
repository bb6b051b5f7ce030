namespace VeloGrad.Runs;

/// <summary>
/// A test problem of the benchmark suite, fixed and documented (DeepOBS's and AlgoPerf's "workload"): the data, the
/// model, the loss (cross-entropy on the class scores; a model that is its own loss, its loss), the metric (final
/// accuracy on the test set, %; or that loss on the test set: <see cref="Metric"/>), the target that metric must
/// reach, the epoch budget and the batch size — and a quick budget for smoke runs. Everything else
/// (the optimizer and its settings, the seeds, the device) is the benchmark's. One file per workload.
/// </summary>
public sealed record Workload
{
    public required string Name { get; init; }
    public required string Description { get; init; }

    /// <summary>The dataset's catalog name (fashion-mnist, cifar10).</summary>
    public required string Dataset { get; init; }

    public required string Model { get; init; }

    /// <summary>What the workload is judged by, as its model decides (<see cref="ModelCatalog.MetricOf"/>).</summary>
    public WorkloadMetric Metric => ModelCatalog.MetricOf(Model);
    public required WorkloadBudget Budget { get; init; }

    /// <summary>A budget small enough that the whole offline suite runs in minutes on 2 CPU cores.</summary>
    public required WorkloadBudget Quick { get; init; }

    public int BatchSize { get; init; } = 128;

    /// <summary>How training images are augmented (<see cref="NoAugmentation"/>: not at all, as DeepOBS's fmnist problems).</summary>
    public AugmentationOptions Augmentation { get; init; } = NoAugmentation;

    /// <summary>Only normalisation: no crop, flip or rotation.</summary>
    public static AugmentationOptions NoAugmentation { get; } = new() { CropPadding = 0, FlipProbability = 0, MaxRotationDegrees = 0 };

    public WorkloadBudget BudgetFor(bool quick) => quick ? Quick : Budget;

    /// <summary>The configuration every run of this workload trains with, for <paramref name="optimizer"/>.</summary>
    public TrainingConfig Config(OptimizerSpec optimizer, bool quick)
    {
        var budget = BudgetFor(quick);
        return new TrainingConfig
        {
            Dataset = Dataset, Model = Model, Optimizer = optimizer, Epochs = budget.Epochs, BatchSize = BatchSize, AccumulationSteps = 1,
            TrainLimit = budget.TrainLimit, TestLimit = budget.TestLimit, Augmentation = Augmentation,
        };
    }
}

/// <summary>What a workload gives each run: epochs, how many training and test samples (null: all), and the value of
/// the workload's metric on the test set (accuracy in %, at least; a loss, at most) whose time to reach is the
/// benchmark's measure of speed.</summary>
public sealed record WorkloadBudget(int Epochs, int? TrainLimit, int? TestLimit, double Target);
