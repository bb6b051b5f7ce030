namespace VeloGrad.Training.Experiments;

/// <summary>
/// One experiment stage's plan end to end, as compare, ablate and each stage of tuning and of a benchmark run it: through
/// <see cref="ExperimentRunner"/> where the session's executor says, then the warnings of single runs, the report of what
/// completed (unless the runs were handed off), and what to do next.
/// </summary>
public static class StageRunner
{
    /// <param name="target">Kept in the manifest for <c>velograd report</c>; what <paramref name="report"/> measures.</param>
    /// <param name="report">Writes and says the reports of the folder's completed runs (null: none, as for tuning trials).</param>
    public static ExperimentOutcome Run(RunPlan plan, ExperimentFolder folder, ExperimentSession session, double? target,
        Action<ExperimentFolder, TextWriter>? report)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(session);
        var execution = ExperimentRunner.Run(plan with { Data = session.Data }, folder, session.Resume, session.Executor, target, session.Interrupt);
        foreach (var warning in execution.Warnings) session.Warnings.WriteLine($"warning: {warning}");
        if (execution.Outcome == PlanOutcome.HandedOff) return ExperimentOutcome.HandedOff;
        report?.Invoke(folder, session.Output);
        switch (execution.Outcome)
        {
            case PlanOutcome.Interrupted:
                session.Output.WriteLine("Interrupted: finished runs are kept. Continue with the same command and --resume.");
                return ExperimentOutcome.Interrupted;
            case PlanOutcome.Incomplete:
                return OnlyDiverged(plan, folder) ? ExperimentOutcome.Diverged : ExperimentOutcome.Failed;
            default:
                return ExperimentOutcome.Completed;
        }
    }

    private static bool OnlyDiverged(RunPlan plan, ExperimentFolder folder) =>
        plan.Runs(folder.Path).Select(r => Path.Combine(r.Folder, RunHistory.JsonFileName))
            .Select(path => File.Exists(path) ? RunHistory.Load(path).Status : RunStatus.Failed)
            .All(status => status is RunStatus.Completed or RunStatus.Diverged);
}
