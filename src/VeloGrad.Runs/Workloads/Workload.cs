using System.Text.Json.Serialization;

namespace VeloGrad.Runs;

/// <summary>Which suite a workload belongs to: DeepOBS's test problems, point by point, or the reference's own experiment.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkloadSuite>))]
public enum WorkloadSuite
{
    [JsonStringEnumMemberName("deepobs")] DeepObs,
    [JsonStringEnumMemberName("reference")] Reference,
}

/// <summary>
/// A test problem of the benchmark, fixed and documented (DeepOBS's and AlgoPerf's "workload"): the data and how they
/// are served, the model, the loss (cross-entropy on the class scores, or the loss of a model that is its own loss, plus
/// an L2 term where the problem has one), the metric (final accuracy on the test set, %; or that loss:
/// <see cref="Metric"/>), the target that metric must reach, the epoch budget, the batch size and whether the last partial
/// batch is dropped — and a quick budget for smoke runs, and, for DeepOBS's problems, the learning rates DeepOBS tuned for
/// its baselines. Everything else (the optimizers, the seeds, the device) is the benchmark's. One file per workload.
/// </summary>
public sealed record Workload
{
    /// <summary>DeepOBS's name for its problems (fmnist_2c2d), a descriptive one for the reference's (fmnist-resnet18).</summary>
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required WorkloadSuite Suite { get; init; }

    /// <summary>The dataset's catalog name (fashion-mnist, mnist, cifar10, quadratic).</summary>
    public required string Dataset { get; init; }

    public required string Model { get; init; }

    /// <summary>What the workload is judged by, as its model decides (<see cref="ModelCatalog.MetricOf"/>).</summary>
    public WorkloadMetric Metric => ModelCatalog.MetricOf(Model);
    public required WorkloadBudget Budget { get; init; }

    /// <summary>A budget small enough that the whole offline suite runs in minutes on 2 CPU cores.</summary>
    public required WorkloadBudget Quick { get; init; }

    public int BatchSize { get; init; } = 128;

    /// <summary>Whether every epoch drops its last partial batch, in training and evaluation (DeepOBS's loaders do).</summary>
    public bool DropLast { get; init; }

    /// <summary>The L2 regularisation factor of the weights added to the loss (cifar10_3c3d: 0.002).</summary>
    public double WeightL2 { get; init; }

    /// <summary>How training images are transformed (<see cref="AugmentationOptions.DefaultFor"/> for the model unless set).</summary>
    public AugmentationOptions Augmentation => AugmentationOverride ?? AugmentationOptions.DefaultFor(Model);

    /// <summary>A transform other than the model's default (the reference's workloads: the reference's augmentation).</summary>
    public AugmentationOptions? AugmentationOverride { get; init; }

    /// <summary>The DeepOBS problem whose published rates this one's baselines borrow, where DeepOBS published none for it
    /// (null: its own, where published).</summary>
    public string? BaselineRatesOf { get; init; }

    /// <summary>The problem whose published baselines give <see cref="BaselineRates"/>, or null.</summary>
    private string? RatesProblem => BaselineRatesOf ?? (DeepObsBaselines.Published.Of(Name) is null ? null : Name);

    /// <summary>The learning rate of each of DeepOBS's baselines on this problem (by <see cref="DeepObsOptimizers"/> name), as
    /// DeepOBS tuned and published it; an optimizer spec without an explicit rate runs at its rate here.</summary>
    public IReadOnlyDictionary<string, double> BaselineRates => RatesProblem is { } problem
        ? DeepObsBaselines.Published.Of(problem)!.Baselines.ToDictionary(b => b.Optimizer, b => b.LearningRate)
        : new Dictionary<string, double>();

    /// <summary>Where <see cref="BaselineRates"/> come from, when not from this problem's own published baselines.</summary>
    public string? BaselineRatesNote => BaselineRatesOf is { } other && other != Name
        ? $"DeepOBS published no baselines for {Name}: its baselines run at the rates DeepOBS tuned for {other}" : null;

    public WorkloadBudget BudgetFor(bool quick) => quick ? Quick : Budget;

    /// <summary><paramref name="optimizer"/> as it runs here: a DeepOBS baseline without an explicit learning rate takes the rate
    /// DeepOBS tuned for this problem; anything else runs as given.</summary>
    public OptimizerSpec OptimizerFor(OptimizerSpec optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (optimizer.Value(OptimizerCatalog.RateKey) is not null) return optimizer;
        return DeepObsOptimizers.NameOf(optimizer) is { } name && BaselineRates.TryGetValue(name, out double rate)
            ? optimizer.With(OptimizerCatalog.RateKey, rate) : optimizer;
    }

    /// <summary>The configuration every run of this workload trains with, for <paramref name="optimizer"/>;
    /// <paramref name="epochs"/> replaces the budget's. DeepOBS's problems train in float32, as its baselines did;
    /// the reference's experiment in the precision auto chooses.</summary>
    public TrainingConfig Config(OptimizerSpec optimizer, bool quick, int? epochs = null)
    {
        var budget = BudgetFor(quick);
        return new TrainingConfig
        {
            Dataset = Dataset, Model = Model, Optimizer = OptimizerFor(optimizer), Epochs = epochs ?? budget.Epochs, BatchSize = BatchSize, AccumulationSteps = 1,
            TrainLimit = budget.TrainLimit, TestLimit = budget.TestLimit, Augmentation = Augmentation, DropLast = DropLast, WeightL2 = WeightL2,
            Precision = Suite == WorkloadSuite.DeepObs ? Precision.Float32 : Precision.Auto,
        };
    }
}

/// <summary>What a workload gives each run: epochs, how many training and test samples (null: all), and the value of
/// the workload's metric on the test set (accuracy in %, at least; a loss, at most) whose time to reach is the
/// benchmark's measure of speed.</summary>
public sealed record WorkloadBudget(int Epochs, int? TrainLimit, int? TestLimit, double Target);
