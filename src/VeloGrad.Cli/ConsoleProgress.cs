namespace VeloGrad.Cli;

/// <summary>A one-line progress bar that redraws in place on a terminal and prints sparse lines otherwise.</summary>
internal sealed class ConsoleProgress(TextWriter output, string label, bool interactive)
{
    private const int BarWidth = 30;
    private DateTime _lastDraw = DateTime.MinValue;
    private int _lastPercent = -1;

    public static ConsoleProgress For(TextWriter output, string label) =>
        new(output, label, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);

    public void Report(double fraction, string detail)
    {
        fraction = Math.Clamp(fraction, 0, 1);
        int percent = (int)(fraction * 100);
        if (interactive)
        {
            if ((DateTime.UtcNow - _lastDraw).TotalMilliseconds < 100 && fraction < 1) return;
            _lastDraw = DateTime.UtcNow;
            int filled = (int)(fraction * BarWidth);
            output.Write($"\r{label} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {percent,3}% {detail}   ");
            if (fraction >= 1) output.WriteLine();
        }
        else if (percent / 10 != _lastPercent / 10 || fraction >= 1)
        {
            output.WriteLine($"{label} {percent,3}% {detail}");
        }
        _lastPercent = percent;
    }
}
