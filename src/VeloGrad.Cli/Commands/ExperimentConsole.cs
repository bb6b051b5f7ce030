using System.CommandLine;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary>Runs a plan for an experiment command (through <see cref="ExperimentRunner"/>, where --executor says) and
/// prints how it went: warnings for single runs, the report of what completed, what to do next.</summary>
internal static class ExperimentConsole
{
    /// <summary>The exit code, and whether every planned run completed (a later stage may start only then).
    /// <paramref name="target"/>, which <paramref name="report"/> measures, is kept in the manifest for <c>velograd report</c>.</summary>
    public static (int ExitCode, bool Complete) Run(ParseResult parse, ExperimentOptions options, ComparisonPlan plan, string folder,
        double? target, Action<string, TextWriter> report)
    {
        var o = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var experiment = new ExperimentFolder(folder);
        PlanExecution execution;
        using (var interrupt = new InterruptSignal())
        {
            try
            {
                execution = ExperimentRunner.Run(plan, experiment, parse.GetValue(options.Resume), options.ExecutorFor(parse, plan.Data), target, interrupt.Token);
            }
            catch (SlurmJobCannotStartException e)
            {
                error.WriteLine($"error: {e.Message} Ask for less per run (--slurm-cpus, --slurm-gpus, --slurm-time) or choose another --slurm-partition, then run the same command with --resume.");
                return (ExitCodes.Failure, false);
            }
        }
        foreach (var warning in execution.Warnings) error.WriteLine($"warning: {warning}");
        if (execution.Outcome == PlanOutcome.HandedOff) return (ExitCodes.Success, false);
        report(folder, o);
        switch (execution.Outcome)
        {
            case PlanOutcome.Interrupted:
                o.WriteLine("Interrupted: finished runs are kept. Continue with the same command and --resume.");
                return (ExitCodes.Interrupted, false);
            case PlanOutcome.Incomplete:
                // Runs that diverged are a finding the report records (exit 3, as train's); any other failure is exit 1.
                return (OnlyDiverged(plan, experiment) ? ExitCodes.Diverged : ExitCodes.Failure, false);
            default:
                return (ExitCodes.Success, true);
        }
    }

    private static bool OnlyDiverged(ComparisonPlan plan, ExperimentFolder folder) =>
        plan.Runs(folder.Path).Select(r => Path.Combine(r.Folder, RunHistory.JsonFileName))
            .Select(path => File.Exists(path) ? RunHistory.Load(path).Status : RunStatus.Failed)
            .All(status => status is RunStatus.Completed or RunStatus.Diverged);
}
