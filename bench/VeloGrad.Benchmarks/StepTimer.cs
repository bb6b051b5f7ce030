using System.Diagnostics;

namespace VeloGrad.Benchmarks;

/// <summary>Times repeated calls and reports the median, which shrugs off the noise of a shared machine.</summary>
internal static class StepTimer
{
    public static double MedianMilliseconds(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Milliseconds(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
