using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Models;
using VeloGrad.Training.Tests.Support;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Engine;

/// <summary>DeepOBS's protocol in the loop: an evaluation before the first step, the last partial batch dropped in training
/// and evaluation, and a weight-regularised problem's L2 term in the loss it trains on and the loss it reports.</summary>
public sealed class DeepObsProtocolTests : IDisposable
{
    private readonly TemporaryFolder _temp = new();
    private readonly DatasetSplits _data = SyntheticImages.Generate(seed: 5, trainSize: 200, testSize: 100);

    public void Dispose()
    {
        _data.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void The_evaluation_before_the_first_step_is_the_initial_models_and_starts_every_history()
    {
        var config = SmallRuns.Config("adam", epochs: 1) with { BatchSize = 32 };
        var history = new Trainer(config).Run(_data, _temp["run"], cancel: TestContext.Current.CancellationToken);
        var initial = Assert.IsType<EpochMetrics>(history.Initial);
        Assert.Equal(0, initial.Epoch);
        // The same network, seeded the same, evaluated on the same batches: the figures Evaluation gives before any step.
        using var model = ModelRegistry.Create(config.Model, 10, 3, seed: SeedSequence.Derive(config.Seed, 3), imageSize: 32);
        var loader = new BatchLoader(_data.Test, new EvaluationTransform(config.Augmentation), config.BatchSize, shuffle: false, seed: config.Seed);
        var (loss, confusion) = Evaluation.Run(model, loader, 10);
        Assert.Equal(loss, initial.ValLoss, 1e-6);
        Assert.Equal(100 * confusion!.Accuracy, initial.ValAcc, 1e-9);
        Assert.Equal(0, initial.TrainLoss); // nothing trained yet
        // history.json keeps it, and history.csv has it as epoch 0.
        var saved = RunHistory.Load(Path.Combine(_temp["run"], RunHistory.JsonFileName)).Initial!;
        Assert.Equal((initial.ValLoss, initial.ValAcc, initial.ValF1), (saved.ValLoss, saved.ValAcc, saved.ValF1));
        Assert.StartsWith("0,", File.ReadAllLines(Path.Combine(_temp["run"], RunHistory.CsvFileName))[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Dropping_the_last_batch_trains_and_evaluates_on_full_batches_only()
    {
        var counted = new Counter();
        var config = SmallRuns.Config("sgd", epochs: 1) with { BatchSize = 64, DropLast = true };
        var history = new Trainer(config, counted).Run(_data, _temp["dropped"], cancel: TestContext.Current.CancellationToken);
        // 200 training images make 3 full batches of 64 (8 dropped), 100 test images one (36 dropped).
        Assert.Equal(3, counted.Batches);
        Assert.Equal(64, history.Epochs[0].ConfusionMatrix.Sum(r => r.Sum()));
        Assert.Equal(64, history.Initial!.ConfusionMatrix.Sum(r => r.Sum()));
        var kept = new Trainer(config with { DropLast = false }).Run(_data, _temp["kept"], cancel: TestContext.Current.CancellationToken);
        Assert.Equal(100, kept.Epochs[0].ConfusionMatrix.Sum(r => r.Sum()));
        // A split smaller than one batch is evaluated whole rather than not at all; a training split that small is refused.
        using var small = new DatasetSplits(_data.Train, _data.Test.Subset(40));
        var whole = new Trainer(config).Run(small, _temp["small"], cancel: TestContext.Current.CancellationToken);
        Assert.Equal(40, whole.Epochs[0].ConfusionMatrix.Sum(r => r.Sum()));
        using var tiny = new DatasetSplits(_data.Train.Subset(40), _data.Test);
        var error = Assert.Throws<ArgumentException>(() => new Trainer(config).Run(tiny, _temp["tiny"], cancel: TestContext.Current.CancellationToken));
        Assert.Contains("make no batch of 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_l2_term_is_half_lambda_times_the_squared_weights_and_is_in_the_evaluated_loss()
    {
        using var model = ModelRegistry.Create("3c3d", 10, 3, seed: 2, imageSize: 32);
        var regularization = new WeightRegularization(model, 0.002);
        double weights = model.named_parameters().Where(p => p.name.EndsWith("weight", StringComparison.Ordinal))
            .Sum(p => p.parameter.square().sum().to(ScalarType.Float64).item<double>());
        Assert.Equal(0.5 * 0.002 * weights, regularization.Value(), 1e-6);
        // The biases are not regularised: changing them leaves the term as it is.
        using (no_grad()) foreach (var (name, p) in model.named_parameters()) if (name.EndsWith("bias", StringComparison.Ordinal)) p.fill_(3);
        Assert.Equal(0.5 * 0.002 * weights, regularization.Value(), 1e-6);
        var loader = new BatchLoader(_data.Test, new EvaluationTransform(AugmentationOptions.DeepObsCifar10), 50, shuffle: false);
        var (plain, _) = Evaluation.Run(model, loader, 10);
        var (regularised, _) = Evaluation.Run(model, loader, 10, regularization: regularization);
        Assert.Equal(plain + regularization.Value(), regularised, 1e-6);
        Assert.False(new WeightRegularization(model, 0).Active);
        Assert.Null(new WeightRegularization(model, 0).Term());
    }

    [Fact]
    public void A_regularised_run_trains_on_the_term_it_reports()
    {
        var config = SmallRuns.Config("sgd", epochs: 1) with { Model = "3c3d", WeightL2 = 0.002, Augmentation = AugmentationOptions.DeepObsCifar10 };
        var regularised = new Trainer(config).Run(_data, _temp["l2"], cancel: TestContext.Current.CancellationToken);
        var plain = new Trainer(config with { WeightL2 = 0 }).Run(_data, _temp["none"], cancel: TestContext.Current.CancellationToken);
        // Same seed, same network, same batches: before the first step the reported losses differ by the term alone.
        using var model = ModelRegistry.Create("3c3d", 10, 3, seed: SeedSequence.Derive(config.Seed, 3), imageSize: 32);
        double term = new WeightRegularization(model, 0.002).Value();
        Assert.Equal(plain.Initial!.ValLoss + term, regularised.Initial!.ValLoss, 1e-5);
        Assert.NotEqual(plain.Epochs[0].TrainLoss, regularised.Epochs[0].TrainLoss);
        Assert.Contains("L2 regularisation 0 → 0.002", string.Join(";", config.DifferencesFrom(config with { WeightL2 = 0 })), StringComparison.Ordinal);
    }

    private sealed class Counter : ITrainingObserver
    {
        public int Batches { get; private set; }
        public void OnMessage(string message) { }
        public void OnBatch(BatchProgress progress) => Batches = progress.Batches;
        public void OnEpoch(EpochMetrics metrics, int epochs) { }
    }
}
