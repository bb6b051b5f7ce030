namespace VeloGrad.Training.Experiments;

/// <summary>
/// What every experiment runner is given besides its plan: where the runs execute (made, and so checked, before any
/// data is chosen or loaded), where the data lies on this machine, whether an existing experiment is continued, where
/// progress and reports are said and where warnings go, and the token that stops it cleanly.
/// </summary>
public sealed record ExperimentSession(IPlanExecutor Executor, DataLocation Data, bool Resume, TextWriter Output, TextWriter Warnings)
{
    public CancellationToken Interrupt { get; init; }
}
