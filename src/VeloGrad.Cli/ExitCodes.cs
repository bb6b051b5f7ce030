namespace VeloGrad.Cli;

/// <summary>What velograd's exit status means, for every command.</summary>
internal static class ExitCodes
{
    /// <summary>Done: every run asked for completed (or was handed to a scheduler).</summary>
    public const int Success = 0;

    /// <summary>A mistake the message names (bad input, a folder in the way), or runs that failed.</summary>
    public const int Failure = 1;

    /// <summary>train: the run diverged.</summary>
    public const int Diverged = 3;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it): what finished is kept; --resume continues.</summary>
    public const int Interrupted = 130;
}
