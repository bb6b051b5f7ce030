namespace VeloGrad.Cli;

/// <summary>Turns the first Ctrl-C into a cancellation (the run stops cleanly after saving what was done);
/// a second Ctrl-C ends the process as usual.</summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public InterruptSignal() => Console.CancelKeyPress += OnCancel;

    public CancellationToken Token => _source.Token;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested) return;
        e.Cancel = true;
        Console.Error.WriteLine("\nStopping after this batch; completed epochs are saved (Ctrl-C again to abort).");
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }
}
