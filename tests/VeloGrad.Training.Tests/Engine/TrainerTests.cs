using TorchSharp;
using VeloGrad.Runtime;
using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Experiments;
using VeloGrad.Training.Tests.Support;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Engine;

/// <summary>Whole runs of the small CNN on a small synthetic set.</summary>
public sealed class TrainerTests : IDisposable
{
    private readonly TemporaryFolder _temp = new();
    private readonly DatasetSplits _data = SyntheticImages.Generate(seed: 5, trainSize: 192, testSize: 64);

    public void Dispose()
    {
        _data.Dispose();
        _temp.Dispose();
    }

    private static TrainingConfig Config(string optimizer = "velograd", int epochs = 3) => SmallRuns.Config(optimizer, epochs);

    private sealed class Recorder(Action<EpochMetrics>? onEpoch = null) : ITrainingObserver
    {
        public List<string> Messages { get; } = [];
        public List<long> LiveTensorsAfterEpoch { get; } = [];
        public void OnMessage(string message) => Messages.Add(message);
        public void OnBatch(BatchProgress progress) { }
        public void OnEpoch(EpochMetrics metrics, int epochs)
        {
            LiveTensorsAfterEpoch.Add(Tensor.TotalCount);
            onEpoch?.Invoke(metrics);
        }
    }

    private static object[] Figures(RunHistory h) =>
        [.. h.Epochs.Select(e => (e.TrainLoss, e.TrainAcc, e.ValLoss, e.ValAcc, e.ValF1, string.Join(';', e.ConfusionMatrix.SelectMany(r => r))))];

    [Fact]
    public void A_run_writes_its_history_as_json_and_csv_and_removes_its_checkpoint_when_done()
    {
        string folder = _temp["run"];
        var history = new Trainer(Config(epochs: 2)).Run(_data, folder, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, history.Status);
        Assert.Equal(2, history.Epochs.Count);
        Assert.All(history.Epochs, e => Assert.InRange(e.ValF1, 0, 1));
        Assert.All(history.Epochs, e => Assert.Equal(64, e.ConfusionMatrix.Sum(r => r.Sum())));
        var saved = RunHistory.Load(Path.Combine(folder, RunHistory.JsonFileName));
        Assert.Equal(Figures(history), Figures(saved));
        Assert.Equal("small-cnn", saved.Config.Model);
        Assert.Equal("float32", saved.Environment.Precision);
        var csv = File.ReadAllLines(Path.Combine(folder, RunHistory.CsvFileName));
        Assert.StartsWith("epoch,train_loss,train_acc,val_loss,val_acc,val_f1,val_precision,val_recall,epoch_time", csv[0], StringComparison.Ordinal);
        Assert.Equal(4, csv.Length); // the header, epoch 0 (the evaluation before the first step), epochs 1 and 2
        Assert.StartsWith("0,0,0,", csv[1], StringComparison.Ordinal);
        Assert.NotNull(saved.Initial);
        Assert.Equal(0, saved.Initial!.Epoch);
        Assert.Equal(64, saved.Initial.ConfusionMatrix.Sum(r => r.Sum())); // evaluated on the whole test split, before any step
        Assert.False(File.Exists(Path.Combine(folder, Checkpoint.FileName)));
        Assert.Contains("\"train_loss\"", File.ReadAllText(Path.Combine(folder, RunHistory.JsonFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_that_did_not_choose_its_allocator_is_told_how_where_the_C_library_fragments()
    {
        Assert.SkipWhen(NativeAllocator.Initialized, "this test process chose its allocator");
        var allocator = NativeAllocator.Current;
        Assert.SkipUnless(allocator.Fragments, $"this process runs on {allocator}, which does not fragment under libtorch (glibc before 2.38 with its own settings does)");
        // The first training of the process is told (TorchReady.Once, which the trainer calls); later ones are not.
        string warning = Assert.Single(TorchReady.Warnings(), m => m.Contains("malloc fragments", StringComparison.Ordinal));
        Assert.StartsWith($"warning: {allocator.Name}'s malloc fragments under libtorch's aligned CPU allocations", warning, StringComparison.Ordinal);
        Assert.Contains("call VeloGrad.Runtime.NativeAllocator.Initialize() first in Main", warning, StringComparison.Ordinal);

        // An allocator that does not fragment gets no advice.
        Assert.Null(NativeAllocator.AdviceWithoutInitialize(new AllocatorChoice("mimalloc", "/usr/lib/libmimalloc.so.2", Fragments: false, Note: null)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_history()
    {
        var first = new Trainer(Config(epochs: 2)).Run(_data, _temp["a"], cancel: TestContext.Current.CancellationToken);
        var second = new Trainer(Config(epochs: 2)).Run(_data, _temp["b"], cancel: TestContext.Current.CancellationToken);
        Assert.Equal(Figures(first), Figures(second));
        var other = new Trainer(Config(epochs: 2) with { Seed = 8 }).Run(_data, _temp["c"], cancel: TestContext.Current.CancellationToken);
        Assert.NotEqual(Figures(first), Figures(other));
    }

    [Theory]
    [InlineData("velograd")]
    [InlineData("adam")]
    [InlineData("sgd")]
    public void An_interrupted_run_resumed_gives_the_history_of_an_uninterrupted_one(string optimizer)
    {
        var uninterrupted = new Trainer(Config(optimizer)).Run(_data, _temp["whole"], cancel: TestContext.Current.CancellationToken);

        using var interrupt = new CancellationTokenSource();
        var interrupted = new Trainer(Config(optimizer), new Recorder(m => { if (m.Epoch == 1) interrupt.Cancel(); }))
            .Run(_data, _temp["parts"], cancel: interrupt.Token);
        Assert.Equal(RunStatus.Interrupted, interrupted.Status);
        Assert.Single(interrupted.Epochs);
        Assert.True(File.Exists(Path.Combine(_temp["parts"], Checkpoint.FileName)));
        Assert.Equal(RunStatus.Interrupted, RunHistory.Load(Path.Combine(_temp["parts"], RunHistory.JsonFileName)).Status);

        var recorder = new Recorder();
        var resumed = new Trainer(Config(optimizer), recorder).Run(_data, _temp["parts"], resume: true, cancel: TestContext.Current.CancellationToken);
        Assert.Contains(recorder.Messages, m => m.Contains("after epoch 1 of 3", StringComparison.Ordinal));
        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(Figures(uninterrupted), Figures(resumed));
    }

    [Fact]
    public void A_folder_with_a_checkpoint_is_not_overwritten_and_another_configuration_cannot_resume_it()
    {
        using var interrupt = new CancellationTokenSource();
        new Trainer(Config(), new Recorder(_ => interrupt.Cancel())).Run(_data, _temp["run"], cancel: interrupt.Token);

        var overwrite = Assert.Throws<RunFolderConflictException>(() => new Trainer(Config()).Run(_data, _temp["run"], cancel: TestContext.Current.CancellationToken));
        Assert.Contains("resume it", overwrite.Message, StringComparison.Ordinal);
        Assert.True(overwrite.Remedies.HasFlag(FolderRemedy.Resume));
        var mismatch = Assert.Throws<ArgumentException>(() => new Trainer(Config("adam")).Run(_data, _temp["run"], resume: true, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("optimizer velograd → adam", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diverging_run_stops_with_a_clear_message_and_keeps_its_history()
    {
        var error = Assert.Throws<TrainingDivergedException>(() => new Trainer(Config("sgd:lr=1e30,momentum=0")).Run(_data, _temp["boom"], cancel: TestContext.Current.CancellationToken));
        Assert.Contains("diverged", error.Message, StringComparison.Ordinal);
        var saved = RunHistory.Load(Path.Combine(_temp["boom"], RunHistory.JsonFileName));
        Assert.Equal(RunStatus.Diverged, saved.Status);
        Assert.Equal(error.Message, saved.Message);
    }

    [Fact]
    public void Precision_auto_on_the_CPU_trains_in_bfloat16_where_the_CPU_has_it_else_float32_and_says_so()
    {
        var recorder = new Recorder();
        var history = new Trainer(Config(epochs: 1) with { Precision = Precision.Auto, Device = DeviceChoice.Auto }, recorder).Run(_data, _temp["auto"], cancel: TestContext.Current.CancellationToken);
        string expected = CpuFeatures.KnownNativeBFloat16 ? "bfloat16" : "float32";
        Assert.Contains(recorder.Messages, m => m.Contains($"Precision auto on this CPU trains in {(expected == "bfloat16" ? "bfloat16 mixed precision" : "float32")}", StringComparison.Ordinal));
        Assert.Equal(expected, history.Environment.Precision);
        Assert.Equal("cpu", history.Environment.Device);
        Assert.Null(history.Epochs[0].LossScale); // bfloat16 has float32's range: no loss scaling
    }

    [Theory]
    [InlineData(DeviceType.CPU, true, Precision.BFloat16)]
    [InlineData(DeviceType.CPU, false, Precision.Float32)]
    [InlineData(DeviceType.CUDA, true, Precision.Float16)]
    [InlineData(DeviceType.CUDA, false, Precision.Float16)]
    public void Precision_auto_resolves_to_the_fastest_precision_that_keeps_the_accuracy(DeviceType device, bool cpuHasBFloat16, Precision expected)
    {
        Assert.Equal(expected, PrecisionPlan.Resolve(Precision.Auto, device, cpuHasBFloat16).Effective);
        // A named precision is what runs, whatever the CPU.
        Assert.Equal(Precision.Float32, PrecisionPlan.Resolve(Precision.Float32, device, cpuHasBFloat16).Effective);
    }

    [Fact]
    public void A_completed_history_beside_a_checkpoint_not_yet_deleted_is_a_completed_run()
    {
        var config = Config(epochs: 1);
        string folder = _temp["finishing"];
        var run = new PlannedRun(config.Optimizer, config.Seed, folder, config);
        Assert.Equal(PlannedRunState.NotStarted, RunFolderStates.StateOf(run));
        new Trainer(config).Run(_data, folder, cancel: TestContext.Current.CancellationToken);
        // The moment between the trainer's last history and its deleting the checkpoint (a Slurm poll saw it as failed).
        File.WriteAllBytes(Path.Combine(folder, Checkpoint.FileName), [1, 2, 3]);
        Assert.Equal(PlannedRunState.Completed, RunFolderStates.StateOf(run));
        // A history that is not completed beside a checkpoint is an unfinished run, as before.
        var history = RunHistory.Load(Path.Combine(folder, RunHistory.JsonFileName));
        history.Status = RunStatus.Interrupted;
        history.Save(folder);
        Assert.Equal(PlannedRunState.Unfinished, RunFolderStates.StateOf(run));
    }

    [Fact]
    public void A_finished_auto_run_that_trained_in_another_precision_is_not_taken_for_the_run_auto_makes_now()
    {
        var config = Config(epochs: 1) with { Precision = Precision.Auto, Device = DeviceChoice.Cpu };
        string folder = _temp["earlier"];
        new Trainer(config).Run(_data, folder, cancel: TestContext.Current.CancellationToken);
        var run = new PlannedRun(config.Optimizer, config.Seed, folder, config);
        Assert.Equal(PlannedRunState.Completed, RunFolderStates.StateOf(run));

        // As a run made before auto chose bfloat16 (or on a CPU without it) records itself.
        string path = Path.Combine(folder, RunHistory.JsonFileName);
        var earlier = RunHistory.Load(path);
        string other = earlier.Environment.Precision == "float32" ? "bfloat16" : "float32";
        earlier.Environment = earlier.Environment with { Precision = other };
        earlier.Save(folder);
        var error = Assert.Throws<RunFolderConflictException>(() => RunFolderStates.StateOf(run));
        Assert.Contains($"precision auto trained in {other} then", error.Message, StringComparison.Ordinal);
        Assert.Contains($"--precision {other}", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(path)); // kept
    }

    [Theory]
    [InlineData(Precision.BFloat16, "velograd")]
    [InlineData(Precision.Float16, "velograd")]
    [InlineData(Precision.Float16, "adam")]
    public void A_mixed_precision_run_on_the_CPU_records_its_precision_and_resumes_bit_identically(Precision precision, string optimizer)
    {
        var config = Config(optimizer, epochs: 2) with { Precision = precision };
        var uninterrupted = new Trainer(config).Run(_data, _temp["whole"], cancel: TestContext.Current.CancellationToken);
        Assert.Equal(SettingNames.Of(precision), uninterrupted.Environment.Precision);
        Assert.Equal(precision == Precision.Float16, uninterrupted.Epochs[0].LossScale is not null);
        var float32 = new Trainer(Config(optimizer, epochs: 2)).Run(_data, _temp["float32"], cancel: TestContext.Current.CancellationToken);
        Assert.NotEqual(Figures(float32), Figures(uninterrupted)); // it did compute in half precision

        using var interrupt = new CancellationTokenSource();
        new Trainer(config, new Recorder(_ => interrupt.Cancel())).Run(_data, _temp["parts"], cancel: interrupt.Token);
        var resumed = new Trainer(config).Run(_data, _temp["parts"], resume: true, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(Figures(uninterrupted), Figures(resumed));
        Assert.Equal(uninterrupted.Epochs.Select(e => (e.SkippedSteps, e.LossScale)), resumed.Epochs.Select(e => (e.SkippedSteps, e.LossScale)));
    }
}
