using System.CommandLine;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary>The edge between an experiment command and its runner: the session its options describe (the executor
/// made, and so checked, before any data is chosen), Ctrl+C turned into a clean stop, and the outcome as an exit code.</summary>
internal static class ExperimentConsole
{
    public static ExperimentSession Session(ParseResult parse, ExperimentOptions options, DataLocation data)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(options);
        return new(options.ExecutorFor(parse, data), data, parse.GetValue(options.Resume), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
    }

    /// <summary>Runs <paramref name="experiment"/> with <paramref name="session"/> until it ends or Ctrl+C stops it.</summary>
    public static int Run(ExperimentSession session, Func<ExperimentSession, ExperimentOutcome> experiment)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(experiment);
        using var interrupt = new InterruptSignal();
        try
        {
            return ExitCode(experiment(session with { Interrupt = interrupt.Token }));
        }
        catch (SlurmJobCannotStartException e)
        {
            session.Warnings.WriteLine($"error: {e.Message} Ask for less per run (--slurm-cpus, --slurm-gpus, --slurm-time) or choose another --slurm-partition, then run the same command with --resume.");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Runs that diverged are a finding the reports record (exit 3, as train's); any other failure is exit 1;
    /// runs handed to a scheduler are done for now (0).</summary>
    public static int ExitCode(ExperimentOutcome outcome) => outcome switch
    {
        ExperimentOutcome.Completed or ExperimentOutcome.HandedOff => ExitCodes.Success,
        ExperimentOutcome.Diverged => ExitCodes.Diverged,
        ExperimentOutcome.Interrupted => ExitCodes.Interrupted,
        _ => ExitCodes.Failure,
    };
}
