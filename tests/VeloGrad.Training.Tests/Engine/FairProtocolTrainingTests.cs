using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Tests.Support;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Engine;

/// <summary>The validation split and the learning-rate schedules in whole runs of the small CNN.</summary>
public sealed class FairProtocolTrainingTests : IDisposable
{
    private readonly TemporaryFolder _temp = new();
    private readonly DatasetSplits _data = SyntheticImages.Generate(seed: 5, trainSize: 200, testSize: 64);

    public void Dispose()
    {
        _data.Dispose();
        _temp.Dispose();
    }

    private static TrainingConfig Config(string optimizer = "velograd", int epochs = 3) => SmallRuns.Config(optimizer, epochs);

    private static object[] Figures(RunHistory h) =>
        [.. h.Epochs.Select(e => (e.TrainLoss, e.TrainAcc, e.ValLoss, e.ValAcc, e.LearningRate, string.Join(';', e.ConfusionMatrix.SelectMany(r => r))))];

    private sealed class StopAfterFirstEpoch(CancellationTokenSource cancel) : ITrainingObserver
    {
        public void OnMessage(string message) { }
        public void OnBatch(BatchProgress progress) { }
        public void OnEpoch(EpochMetrics metrics, int epochs) { if (metrics.Epoch == 1) cancel.Cancel(); }
    }

    [Fact]
    public void The_validation_split_is_class_balanced_disjoint_and_fixed_by_its_seed()
    {
        using var a = _data.WithValidation(0.2, seed: 3);
        using var again = _data.WithValidation(0.2, seed: 3);
        using var other = _data.WithValidation(0.2, seed: 4);

        Assert.Equal(TrainingConfig.ValidationSplitName, a.Test.Split);
        Assert.Equal(_data.Train.Count, a.Train.Count + a.Test.Count);
        var whole = _data.Train.ClassCounts();
        var held = a.Test.ClassCounts();
        for (int c = 0; c < whole.Length; c++)
            Assert.Equal((long)Math.Round(0.2 * whole[c], MidpointRounding.AwayFromZero), held[c]);
        // Disjoint: every training image is in exactly one part (images are unique in the synthetic set).
        var rows = new HashSet<string>();
        foreach (var part in new[] { a.Train, a.Test })
            for (long i = 0; i < part.Count; i++)
                using (var image = part.Images[i].contiguous())
                    Assert.True(rows.Add(Convert.ToBase64String(image.bytes.ToArray())), "an image is in both parts");
        Assert.Equal(a.Test.Checksum(), again.Test.Checksum());
        Assert.NotEqual(a.Test.Checksum(), other.Test.Checksum());
    }

    [Fact]
    public void A_run_with_a_validation_split_never_reads_the_test_set_and_says_where_its_figures_come_from()
    {
        // A test split of one-channel images: the three-channel model would fail on the first one it read.
        using var poisoned = new DatasetSplits(_data.Train,
            new ImageDataset(_data.Test.Name, "test", zeros([64, 1, 32, 32], ScalarType.Byte), _data.Test.Labels.clone(), _data.Test.ClassNames, "poison"));
        var history = new Trainer(Config(epochs: 2) with { ValidationSplit = 0.25, ValidationSeed = 1 }).Run(poisoned, _temp["run"], cancel: TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, history.Status);
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.ValLoss)));
        Assert.All(history.Epochs, e => Assert.Equal(50, e.ConfusionMatrix.Sum(r => r.Sum()))); // a quarter of 200
        Assert.Equal(TrainingConfig.ValidationSplitName, history.EvaluatedOn);
        string csv = File.ReadAllText(Path.Combine(_temp["run"], RunHistory.CsvFileName));
        Assert.EndsWith(",validation", csv.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains("\"evaluated_on\": \"validation\"", File.ReadAllText(Path.Combine(_temp["run"], RunHistory.JsonFileName)), StringComparison.Ordinal);
        Assert.Equal(TrainingConfig.TestSplitName, new Trainer(Config(epochs: 1)).Run(_data, _temp["plain"], cancel: TestContext.Current.CancellationToken).EvaluatedOn);
        // The poison works: a run that does read the test split fails on it.
        Assert.ThrowsAny<Exception>(() => new Trainer(Config(epochs: 1)).Run(poisoned, _temp["reads"], cancel: TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(LearningRateSchedule.Cosine, 1)]
    [InlineData(LearningRateSchedule.Step, 0)]
    [InlineData(LearningRateSchedule.OneCycle, 0)]
    public void The_optimizer_steps_at_the_scheduled_rate(LearningRateSchedule schedule, int warmup)
    {
        var config = Config("adam", epochs: 4) with { Schedule = schedule, WarmupEpochs = warmup };
        var history = new Trainer(config).Run(_data, _temp["run"], cancel: TestContext.Current.CancellationToken);

        long stepsPerEpoch = TrainingEpoch.StepsPerEpoch(batches: 7, accumulation: 2); // 200 images / 32 = 7 batches
        var curve = ScheduleCurve.Of(config, stepsPerEpoch);
        for (int e = 0; e < 4; e++)
            Assert.Equal(1e-3 * curve.Factor((e + 1) * stepsPerEpoch - 1), history.Epochs[e].LearningRate!.Value, 15);
        Assert.NotEqual(history.Epochs[0].LearningRate, history.Epochs[^1].LearningRate);
    }

    [Fact]
    public void A_constant_schedule_keeps_the_optimizers_own_rate_and_a_warm_up_changes_the_run()
    {
        var plain = new Trainer(Config(epochs: 2)).Run(_data, _temp["plain"], cancel: TestContext.Current.CancellationToken);
        Assert.All(plain.Epochs, e => Assert.Equal(0.0015, e.LearningRate!.Value, 15));
        var warm = new Trainer(Config(epochs: 2) with { WarmupEpochs = 1 }).Run(_data, _temp["warm"], cancel: TestContext.Current.CancellationToken);
        Assert.NotEqual(plain.Epochs[0].TrainLoss, warm.Epochs[0].TrainLoss);
    }

    [Theory]
    [InlineData("velograd", LearningRateSchedule.OneCycle, 0)]
    [InlineData("sgd", LearningRateSchedule.OneCycle, 1)]
    [InlineData("adamw", LearningRateSchedule.Cosine, 1)]
    public void A_scheduled_run_interrupted_and_resumed_gives_the_history_of_an_uninterrupted_one(string optimizer, LearningRateSchedule schedule, int warmup)
    {
        var config = Config(optimizer) with { Schedule = schedule, WarmupEpochs = warmup, ValidationSplit = 0.2, ValidationSeed = 2 };
        var uninterrupted = new Trainer(config).Run(_data, _temp["whole"], cancel: TestContext.Current.CancellationToken);

        using var interrupt = new CancellationTokenSource();
        var interrupted = new Trainer(config, new StopAfterFirstEpoch(interrupt)).Run(_data, _temp["parts"], cancel: interrupt.Token);
        Assert.Equal(RunStatus.Interrupted, interrupted.Status);
        var resumed = new Trainer(config).Run(_data, _temp["parts"], resume: true, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(Figures(uninterrupted), Figures(resumed));
    }

    [Fact]
    public void Another_schedule_or_validation_split_cannot_resume_a_run()
    {
        using var interrupt = new CancellationTokenSource();
        new Trainer(Config(), new StopAfterFirstEpoch(interrupt)).Run(_data, _temp["run"], cancel: interrupt.Token);

        var schedule = Assert.Throws<ArgumentException>(() => new Trainer(Config() with { Schedule = LearningRateSchedule.Cosine }).Run(_data, _temp["run"], resume: true, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("schedule constant/0 warm-up → cosine/0 warm-up", schedule.Message, StringComparison.Ordinal);
        var split = Assert.Throws<ArgumentException>(() => new Trainer(Config() with { ValidationSplit = 0.1 }).Run(_data, _temp["run"], resume: true, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("validation split none → 0.1 (seed 0)", split.Message, StringComparison.Ordinal);
    }
}
