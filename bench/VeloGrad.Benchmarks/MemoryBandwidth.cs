using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>Measures the machine's memory bandwidth with a large tensor copy (read + write), median of several.</summary>
internal static class MemoryBandwidth
{
    private const long Elements = 64L * 1024 * 1024; // 256 MiB of float32 a side: far beyond the caches

    public static double GigabytesPerSecond()
    {
        using var source = ones(Elements);
        using var target = empty(Elements);
        target.copy_(source);
        var samples = Enumerable.Range(0, 7).Select(_ => StepTimer.Milliseconds(() => target.copy_(source))).ToList();
        return 2.0 * Elements * sizeof(float) / (StepTimer.MedianMilliseconds(samples) / 1000) / 1e9;
    }
}
