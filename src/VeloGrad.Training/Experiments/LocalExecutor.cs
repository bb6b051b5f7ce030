using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;

namespace VeloGrad.Training.Experiments;

/// <summary>What became of one planned run.</summary>
public sealed record RunOutcome(PlannedRun Run, RunStatus Status, string? Message, bool Reused);

/// <summary>
/// Runs a plan here, one run after another: finished runs are kept, an unfinished one continues from its checkpoint,
/// a failing one is recorded and the others still run; cancellation stops after saving what was done. Also the one
/// way a single planned run is made (<see cref="RunOne"/>), which Slurm and Kubernetes tasks call by index.
/// </summary>
public sealed class LocalExecutor(Func<PlannedRun, int, int, ITrainingObserver> observerFor) : IPlanExecutor
{
    /// <summary>The data folders to read instead of those the plan recorded (null: the plan's).</summary>
    public DataLocation? Data { get; init; }

    public PlanExecution Execute(RunPlan plan, ExperimentFolder folder, bool resume, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        using var data = LoadData(plan, Data);
        var runs = plan.Runs(folder.Path).ToList();
        var warnings = new List<string>();
        for (int i = 0; i < runs.Count; i++)
        {
            var outcome = RunOne(runs[i], i, runs.Count, data, cancel);
            if (outcome.Status == RunStatus.Interrupted) return new PlanExecution(PlanOutcome.Interrupted, data.Train.Source, warnings);
            if (outcome.Status != RunStatus.Completed)
                warnings.Add($"{outcome.Run.Optimizer.DisplayName} seed {outcome.Run.Seed} {SettingNames.Of(outcome.Status)}: {outcome.Message}");
        }
        return new PlanExecution(PlanExecution.Ended(plan, folder), data.Train.Source, warnings);
    }

    /// <summary>The plan's dataset as its runs read it: its limits, its dataset seed, from <paramref name="location"/>
    /// or where the plan found it.</summary>
    public static DatasetSplits LoadData(RunPlan plan, DataLocation? location = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var config = plan.BaseConfig;
        return DatasetCatalog.Load(config.Dataset, plan.DataSeed, location?.Root ?? plan.Data.Root ?? DatasetCatalog.DefaultDataRoot,
            location?.FashionMnistFolder ?? plan.Data.FashionMnistFolder, config.TrainLimit, config.TestLimit, ModelCatalog.TakesNativeImages(config.Model));
    }

    /// <summary>One planned run, idempotently: finished → kept; unfinished → resumed from its checkpoint; failed or
    /// diverged → trained again. A failure is recorded in the run's history and returned, not thrown.</summary>
    public RunOutcome RunOne(PlannedRun run, int index, int total, DatasetSplits data, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (RunFolderStates.StateOf(run) == PlannedRunState.Completed) return new RunOutcome(run, RunStatus.Completed, null, Reused: true);
        var observer = observerFor(run, index + 1, total);
        using var disposable = observer as IDisposable;
        try
        {
            bool fromCheckpoint = File.Exists(Path.Combine(run.Folder, Checkpoint.FileName));
            var history = new Trainer(run.Config, observer).Run(data, run.Folder, resume: fromCheckpoint, cancel, overwrite: true);
            return new RunOutcome(run, history.Status, history.Message, Reused: false);
        }
        catch (Exception e) when (e is not RunFolderBusyException and not RunFolderConflictException && e is TrainingDivergedException or IOException or ArgumentException or InvalidDataException or InvalidOperationException)
        {
            // A failed run is reported; the others still run.
            observer.OnMessage($"Run {index + 1} of {total} failed: {e.Message}");
            RecordFailure(run, data, e);
            return new RunOutcome(run, e is TrainingDivergedException ? RunStatus.Diverged : RunStatus.Failed, e.Message, Reused: false);
        }
    }

    /// <summary>Leaves a history saying why a run failed, unless the trainer already wrote one.</summary>
    private static void RecordFailure(PlannedRun run, DatasetSplits data, Exception e)
    {
        string path = Path.Combine(run.Folder, RunHistory.JsonFileName);
        if (e is TrainingDivergedException && File.Exists(path)) return;
        Directory.CreateDirectory(run.Folder);
        var history = File.Exists(path) ? RunHistory.Load(path) : new RunHistory
        {
            Config = run.Config,
            Environment = RunEnvironments.Current(SettingNames.Of(run.Config.Device), SettingNames.Of(run.Config.Precision)),
            DatasetSource = data.Train.Source,
            StartedAt = DateTimeOffset.UtcNow,
        };
        history.Status = RunStatus.Failed;
        history.Message = e.Message;
        history.EndedAt = DateTimeOffset.UtcNow;
        history.Save(run.Folder);
    }
}
