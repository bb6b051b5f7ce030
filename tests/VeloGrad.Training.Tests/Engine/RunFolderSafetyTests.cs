using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Tests.Support;

namespace VeloGrad.Training.Tests.Engine;

/// <summary>Nothing finished is overwritten without being asked, nothing corrupt is loaded, and two writers never
/// share a run folder.</summary>
public sealed class RunFolderSafetyTests : IDisposable
{
    private readonly TemporaryFolder _temp = new();
    private readonly DatasetSplits _data = SyntheticImages.Generate(seed: 5, trainSize: 96, testSize: 32);

    public void Dispose()
    {
        _data.Dispose();
        _temp.Dispose();
    }

    private static TrainingConfig Config(int epochs = 2) => new()
    {
        Dataset = SyntheticImages.Name, Model = "small-cnn", Epochs = epochs, BatchSize = 32, Seed = 3, Device = DeviceChoice.Cpu,
    };

    private string Interrupted(string name, int afterEpochs = 1)
    {
        string folder = _temp[name];
        using var stop = new CancellationTokenSource();
        new Trainer(Config(3), new StopAfter(afterEpochs, stop)).Run(_data, folder, cancel: stop.Token);
        Assert.True(File.Exists(Path.Combine(folder, Checkpoint.FileName)));
        return folder;
    }

    private sealed class StopAfter(int epochs, CancellationTokenSource stop) : ITrainingObserver
    {
        public void OnMessage(string message) { }
        public void OnBatch(BatchProgress progress) { }
        public void OnEpoch(EpochMetrics metrics, int total)
        {
            if (metrics.Epoch >= epochs) stop.Cancel();
        }
    }

    [Fact]
    public void A_finished_run_is_not_overwritten_unless_asked_and_a_run_with_nothing_to_resume_is_refused()
    {
        string folder = _temp["done"];
        var first = new Trainer(Config()).Run(_data, folder, cancel: TestContext.Current.CancellationToken);
        Assert.NotNull(first.DatasetChecksum);
        Assert.Equal(RunIdentity.CurrentCodeVersion, first.CodeVersion);
        var again = Assert.Throws<RunFolderConflictException>(() => new Trainer(Config()).Run(_data, folder, cancel: TestContext.Current.CancellationToken));
        Assert.Equal(FolderRemedy.Overwrite | FolderRemedy.OtherFolder, again.Remedies);
        Assert.DoesNotContain("--", again.Message, StringComparison.Ordinal); // the library names no command-line option
        var nothing = Assert.Throws<RunFolderConflictException>(() => new Trainer(Config()).Run(_data, folder, resume: true, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("nothing to resume", nothing.Message, StringComparison.Ordinal);
        Assert.Contains("no run to resume", Assert.Throws<RunFolderConflictException>(() => new Trainer(Config()).Run(_data, _temp["empty"], resume: true, cancel: TestContext.Current.CancellationToken)).Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Completed, new Trainer(Config()).Run(_data, folder, overwrite: true, cancel: TestContext.Current.CancellationToken).Status);
    }

    [Fact]
    public void A_second_writer_fails_at_once_naming_the_holder()
    {
        string folder = _temp["busy"];
        using (RunFolderLock.Acquire(folder))
        {
            var error = Assert.Throws<RunFolderBusyException>(() => new Trainer(Config()).Run(_data, folder, cancel: TestContext.Current.CancellationToken));
            Assert.Contains($"process {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, RunHistory.JsonFileName)));
        }
        Assert.Equal(RunStatus.Completed, new Trainer(Config()).Run(_data, folder, cancel: TestContext.Current.CancellationToken).Status); // released: the folder is free again
        Assert.False(File.Exists(Path.Combine(folder, RunFolderLock.FileName)), "the finished run left its lock file behind");
        Assert.False(File.Exists(Path.Combine(folder, RunFolderLock.OwnerFileName)));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    public void A_corrupt_or_truncated_checkpoint_is_named_and_nothing_is_loaded(string damage)
    {
        string folder = Interrupted(damage);
        string path = Path.Combine(folder, Checkpoint.FileName);
        byte[] bytes = File.ReadAllBytes(path);
        if (damage == "flip")
        {
            for (int i = bytes.Length / 2; i < bytes.Length / 2 + 8; i++) bytes[i] ^= 0x5A;
            File.WriteAllBytes(path, bytes);
        }
        else File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        var error = Assert.Throws<InvalidDataException>(() => new Trainer(Config(3)).Run(_data, folder, resume: true, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Delete it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_with_fewer_epochs_than_are_done_is_refused_naming_both()
    {
        string folder = Interrupted("fewer", afterEpochs: 2);
        var error = Assert.Throws<InvalidSettingException>(() => new Trainer(Config(1)).Run(_data, folder, resume: true, cancel: TestContext.Current.CancellationToken));
        Assert.Equal(nameof(TrainingConfig.Epochs), error.Setting);
        Assert.Contains("finished 2 epochs", error.Message, StringComparison.Ordinal);
        Assert.Contains("asks for 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_with_more_epochs_extends_a_constant_schedule_and_its_history_says_so()
    {
        string folder = Interrupted("more", afterEpochs: 1); // a 3-epoch run stopped after its first
        var history = new Trainer(Config(4)).Run(_data, folder, resume: true, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(4, history.Config.Epochs); // not "4 of 3 epochs"
        Assert.Equal(4, RunHistory.Load(Path.Combine(folder, RunHistory.JsonFileName)).Config.Epochs);
    }

    [Theory]
    [InlineData(LearningRateSchedule.Cosine)]
    [InlineData(LearningRateSchedule.OneCycle)]
    [InlineData(LearningRateSchedule.Step)]
    public void Resuming_with_other_epochs_on_a_schedule_over_the_whole_run_is_refused_and_the_checkpoint_kept(LearningRateSchedule schedule)
    {
        string folder = _temp[$"schedule-{schedule}"];
        using (var stop = new CancellationTokenSource())
            new Trainer(Config(3) with { Schedule = schedule }, new StopAfter(1, stop)).Run(_data, folder, cancel: stop.Token);
        string checkpoint = Path.Combine(folder, Checkpoint.FileName);
        var before = File.ReadAllBytes(checkpoint);
        var error = Assert.Throws<InvalidSettingException>(() => new Trainer(Config(6) with { Schedule = schedule }).Run(_data, folder, resume: true, cancel: TestContext.Current.CancellationToken));
        Assert.Equal(nameof(TrainingConfig.Epochs), error.Setting);
        Assert.Contains($"follows a {SettingNames.Of(schedule)} schedule over 3 epochs", error.Message, StringComparison.Ordinal);
        Assert.Contains("Resume with --epochs 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
        // The same epochs resume.
        Assert.Equal(3, new Trainer(Config(3) with { Schedule = schedule }).Run(_data, folder, resume: true, cancel: TestContext.Current.CancellationToken).Epochs.Count);
    }

    private sealed class StopAtFirstBatch(CancellationTokenSource stop) : ITrainingObserver
    {
        public void OnMessage(string message) { }
        public void OnBatch(BatchProgress progress) => stop.Cancel();
        public void OnEpoch(EpochMetrics metrics, int total) { }
    }

    [Fact]
    public void Stopped_in_the_first_epoch_a_run_advises_starting_over_not_a_resume_that_would_be_refused()
    {
        string folder = _temp["first-epoch"];
        using var stop = new CancellationTokenSource();
        var history = new Trainer(Config(2), new StopAtFirstBatch(stop)).Run(_data, folder, cancel: stop.Token);
        Assert.Equal(RunStatus.Interrupted, history.Status);
        Assert.Empty(history.Epochs);
        Assert.Contains("no checkpoint to resume from", history.Message, StringComparison.Ordinal);
        Assert.Contains("--overwrite", history.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--resume", history.Message, StringComparison.Ordinal);
        // What it advises works; what it no longer advises is refused.
        Assert.Throws<RunFolderConflictException>(() => new Trainer(Config(2)).Run(_data, folder, resume: true, cancel: TestContext.Current.CancellationToken));
        Assert.Equal(2, new Trainer(Config(2)).Run(_data, folder, overwrite: true, cancel: TestContext.Current.CancellationToken).Epochs.Count);
    }
}
