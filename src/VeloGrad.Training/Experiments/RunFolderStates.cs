using VeloGrad.Training.Engine;

namespace VeloGrad.Training.Experiments;

/// <summary>Where a planned run stands on disk.</summary>
public enum PlannedRunState { NotStarted, Unfinished, Failed, Completed }

/// <summary>What the run folders say of planned runs.</summary>
public static class RunFolderStates
{
    /// <summary>Where a planned run stands on disk.</summary>
    /// <exception cref="RunFolderConflictException">The folder holds a completed run of another configuration (it is kept).</exception>
    public static PlannedRunState StateOf(PlannedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string historyPath = Path.Combine(run.Folder, RunHistory.JsonFileName);
        bool checkpointed = File.Exists(Path.Combine(run.Folder, Checkpoint.FileName));
        if (!File.Exists(historyPath)) return checkpointed ? PlannedRunState.Unfinished : PlannedRunState.NotStarted;
        var done = RunHistory.Load(historyPath);
        // A history that says completed is the run's last word: the trainer writes it, then deletes its checkpoint, so a
        // checkpoint beside it is that moment (a Slurm poll then showed a just-finished run as failed) or a crash after it.
        if (done.Status != RunStatus.Completed)
            return checkpointed || done.Status == RunStatus.Running ? PlannedRunState.Unfinished : PlannedRunState.Failed;
        var differences = run.Config.RunDifferencesFrom(done.Config).ToList();
        if (RunEnvironments.AutoPrecisionChange(run.Config, done) is { } change) differences.Add(change);
        if (differences.Count > 0)
            throw new RunFolderConflictException($"'{run.Folder}' holds a completed run of another configuration ({string.Join("; ", differences)}); it is kept", FolderRemedy.OtherFolder);
        return PlannedRunState.Completed;
    }

    /// <summary>The indices of the runs that have not completed.</summary>
    public static IReadOnlyList<int> Unfinished(RunPlan plan, ExperimentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var runs = plan.Runs(folder.Path).ToList();
        return [.. Enumerable.Range(0, runs.Count).Where(i => StateOf(runs[i]) != PlannedRunState.Completed)];
    }
}
