namespace VeloGrad.Training.Experiments;

/// <summary>How an experiment (a comparison, a tuning, a benchmark) ended.</summary>
public enum ExperimentOutcome
{
    /// <summary>Every run completed and the reports are written.</summary>
    Completed,
    /// <summary>Every run ended and some diverged (a finding the reports record); none failed otherwise.</summary>
    Diverged,
    /// <summary>The runs were handed to a scheduler that runs them later; nothing is judged yet.</summary>
    HandedOff,
    /// <summary>Not finished: a run failed, or a tuning's trials have not all ended; resuming continues it.</summary>
    Failed,
    /// <summary>Stopped by the user: what finished is kept, resuming continues.</summary>
    Interrupted,
}

public static class ExperimentOutcomes
{
    /// <summary>The outcome of an experiment of several parts (a benchmark's workloads), the worst of theirs:
    /// interrupted, then failed, then handed off, then diverged.</summary>
    public static ExperimentOutcome Worst(ExperimentOutcome a, ExperimentOutcome b) => (ExperimentOutcome)Math.Max((int)a, (int)b);
}
