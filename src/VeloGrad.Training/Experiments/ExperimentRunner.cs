using VeloGrad.Training.Engine;
using VeloGrad.Training.Optimizers;

namespace VeloGrad.Training.Experiments;

/// <summary>
/// The one path a plan takes, for compare, tune and ablate alike: checked (its shape, then each optimizer's recipe),
/// its folder checked against it (a new experiment needs a folder without runs; a resumed one the same plan), plan.json
/// written, executed where the executor says, and manifest.json written with how it went (and the target its analysis
/// measures, where it has one).
/// </summary>
public static class ExperimentRunner
{
    public static PlanExecution Run(RunPlan plan, ExperimentFolder folder, bool resume, IPlanExecutor executor, double? target,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(executor);
        Prepare(plan, folder, resume);
        var environment = RunEnvironments.For(plan.BaseConfig);
        var startedAt = ComparisonManifest.StartOf(folder, resume);
        var execution = executor.Execute(plan, folder, resume, cancel);
        ComparisonManifest.ForComparison(plan, folder, environment, execution.DatasetSource, target, startedAt,
            execution.Outcome == PlanOutcome.HandedOff ? null : DateTimeOffset.UtcNow).Save(folder);
        return execution;
    }

    /// <summary>Checks the plan and the folder against it, and writes OUT/plan.json.</summary>
    public static void Prepare(RunPlan plan, ExperimentFolder folder, bool resume)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        plan.Validate();
        foreach (var spec in plan.Optimizers) OptimizerRecipes.Of(spec); // how each one's settings combine
        bool hasRuns = Directory.Exists(folder.Runs) && Directory.EnumerateFileSystemEntries(folder.Runs).Any();
        ResumeCheck.RequireNewOrSame(folder, resume, resume ? RunPlan.TryLoad(folder) : null, hasRuns, "planned runs", "planned", plan.DifferencesFrom);
        Directory.CreateDirectory(folder.Path);
        plan.Save(folder);
    }
}
