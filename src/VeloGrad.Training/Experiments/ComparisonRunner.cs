using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;

namespace VeloGrad.Training.Experiments;

/// <summary>Where a planned run stands on disk.</summary>
public enum PlannedRunState { NotStarted, Unfinished, Failed, Completed }

/// <summary>What became of one planned run.</summary>
public sealed record RunOutcome(PlannedRun Run, RunStatus Status, string? Message, bool Reused);

/// <summary>
/// Runs a comparison plan into an output folder. Finished runs are kept and reused on --resume, an unfinished
/// one continues from its checkpoint, a failing one is recorded and the others still run; cancellation stops
/// after saving what was done.
/// </summary>
public sealed class ComparisonRunner(Func<PlannedRun, int, int, ITrainingObserver> observerFor)
{
    /// <summary>Checks the folder against the plan (a new comparison needs an empty one; a resumed one the same plan)
    /// and writes OUT/plan.json.</summary>
    public static void Prepare(ComparisonPlan plan, string outputFolder, bool resume)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        string runsFolder = RunLayout.RunsRoot(outputFolder);
        if (!resume && Directory.Exists(runsFolder) && Directory.EnumerateFileSystemEntries(runsFolder).Any())
            throw new RunFolderConflictException($"'{outputFolder}' already holds comparison runs", FolderRemedy.Resume | FolderRemedy.OtherFolder);
        if (resume && ComparisonPlan.TryLoad(outputFolder) is { } planned && plan.DifferencesFrom(planned).ToList() is { Count: > 0 } changes)
            throw new InvalidSettingException("Plan", $"'{outputFolder}' was planned with other options ({string.Join("; ", changes)}): resume with the same options, or choose another output folder.");
        plan.Save(outputFolder);
    }

    /// <summary>Every planned run in this process, in order; stops after an interrupted one.</summary>
    public IReadOnlyList<RunOutcome> Run(ComparisonPlan plan, DatasetSplits data, string outputFolder, bool resume, CancellationToken cancel = default)
    {
        Prepare(plan, outputFolder, resume);
        var runs = plan.Runs(outputFolder).ToList();
        var outcomes = new List<RunOutcome>();
        for (int i = 0; i < runs.Count; i++)
        {
            var outcome = RunOne(runs[i], i, runs.Count, data, cancel);
            outcomes.Add(outcome);
            if (outcome.Status == RunStatus.Interrupted) break;
        }
        return outcomes;
    }

    /// <summary>One planned run, idempotently: finished → kept; unfinished → resumed from its checkpoint; failed or
    /// diverged → trained again. A failure is recorded in the run's history and returned, not thrown.</summary>
    public RunOutcome RunOne(PlannedRun run, int index, int total, DatasetSplits data, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (StateOf(run) == PlannedRunState.Completed) return new RunOutcome(run, RunStatus.Completed, null, Reused: true);
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

    /// <summary>Where a planned run stands on disk.</summary>
    /// <exception cref="IOException">The folder holds a completed run of another configuration (it is kept).</exception>
    public static PlannedRunState StateOf(PlannedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string historyPath = Path.Combine(run.Folder, RunHistory.JsonFileName);
        if (File.Exists(Path.Combine(run.Folder, Checkpoint.FileName))) return PlannedRunState.Unfinished;
        if (!File.Exists(historyPath)) return PlannedRunState.NotStarted;
        var done = RunHistory.Load(historyPath);
        if (done.Status != RunStatus.Completed) return done.Status == RunStatus.Running ? PlannedRunState.Unfinished : PlannedRunState.Failed;
        var differences = run.Config.RunDifferencesFrom(done.Config).ToList();
        if (differences.Count > 0)
            throw new RunFolderConflictException($"'{run.Folder}' holds a completed run of another configuration ({string.Join("; ", differences)}); it is kept", FolderRemedy.OtherFolder);
        return PlannedRunState.Completed;
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
