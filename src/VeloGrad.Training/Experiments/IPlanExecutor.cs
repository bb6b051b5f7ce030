namespace VeloGrad.Training.Experiments;

/// <summary>Where a plan's runs execute: here (<see cref="LocalExecutor"/>), as a Slurm job array
/// (<see cref="SlurmExecutor"/>) or as a Kubernetes Indexed Job (<see cref="KubernetesExecutor"/>). Every executor runs
/// the same planned runs through <c>velograd execute</c>'s idempotent path, so their results merge and compare.</summary>
public interface IPlanExecutor
{
    /// <summary>Executes (or hands off) the unfinished runs of <paramref name="plan"/> in <paramref name="folder"/>,
    /// which <see cref="ExperimentRunner"/> has checked and given its plan.json.</summary>
    PlanExecution Execute(RunPlan plan, ExperimentFolder folder, bool resume, CancellationToken cancel);
}

/// <summary>How an execution ended.</summary>
public enum PlanOutcome
{
    /// <summary>Every planned run completed.</summary>
    Completed,
    /// <summary>Every run ended, and some did not complete (failed or diverged).</summary>
    Incomplete,
    /// <summary>Stopped before the end (Ctrl+C, or no longer followed): what finished is kept, the rest resumes.</summary>
    Interrupted,
    /// <summary>Handed to a scheduler that runs it later (a job submitted without waiting, a manifest to apply).</summary>
    HandedOff,
}

/// <summary>What an execution did: its outcome, where the data came from (for the manifest), and what went wrong
/// with single runs, in words.</summary>
public sealed record PlanExecution(PlanOutcome Outcome, string DatasetSource, IReadOnlyList<string> Warnings)
{
    /// <summary>The outcome as the run folders tell it once every run has ended.</summary>
    public static PlanOutcome Ended(RunPlan plan, ExperimentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Runs(folder.Path).All(r => RunFolderStates.StateOf(r) == PlannedRunState.Completed) ? PlanOutcome.Completed : PlanOutcome.Incomplete;
    }
}
