namespace VeloGrad.Training.Engine;

/// <summary>How a run ended (or that it is still going).</summary>
public static class RunStatus
{
    public const string Running = "running", Completed = "completed", Interrupted = "interrupted", Diverged = "diverged", Failed = "failed";
}
