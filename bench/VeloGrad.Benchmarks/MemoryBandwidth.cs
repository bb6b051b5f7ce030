using System.Numerics;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Samples the machine's memory bandwidth on 256 MiB buffers (far beyond the caches) with the same tools the
/// fused step uses — SIMD loops over chunks spread across the torch threads: reading (a sum) and copying (read +
/// write, counted as STREAM does). Sampled between the benchmark's rounds; the best sample is what the traffic
/// floor assumes, so a moment when neighbours loaded the machine never flatters the ratio.
/// </summary>
internal sealed unsafe class MemoryBandwidth : IDisposable
{
    private const int Elements = 64 * 1024 * 1024;
    private const int Chunk = 1 << 18;
    private readonly float* _source = (float*)NativeMemory.AlignedAlloc((nuint)Elements * sizeof(float), 64);
    private readonly float* _target = (float*)NativeMemory.AlignedAlloc((nuint)Elements * sizeof(float), 64);
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = Math.Max(1, get_num_threads()) };
    private readonly List<double> _read = [], _copy = [];

    public MemoryBandwidth()
    {
        new Span<float>(_source, Elements).Fill(1f);
        new Span<float>(_target, Elements).Clear();
    }

    public void Sample()
    {
        double bytes = (double)Elements * sizeof(float);
        _read.Add(bytes / (StepTimer.Milliseconds(Read) / 1000) / 1e9);
        _copy.Add(2 * bytes / (StepTimer.Milliseconds(Copy) / 1000) / 1e9);
    }

    private void Read()
    {
        var sums = new float[Elements / Chunk];
        Parallel.For(0, Elements / Chunk, _parallel, c =>
        {
            float* p = _source + (long)c * Chunk;
            Vector<float> a = default, b = default, d = default, e = default;
            int w = Vector<float>.Count;
            for (int i = 0; i < Chunk; i += 4 * w)
            {
                a += Vector.Load(p + i);
                b += Vector.Load(p + i + w);
                d += Vector.Load(p + i + 2 * w);
                e += Vector.Load(p + i + 3 * w);
            }
            sums[c] = Vector.Sum(a + b + d + e);
        });
        if (sums.Sum() != Elements) throw new InvalidOperationException("The bandwidth probe read wrong data.");
    }

    private void Copy() => Parallel.For(0, Elements / Chunk, _parallel, c =>
        new ReadOnlySpan<float>(_source + (long)c * Chunk, Chunk).CopyTo(new Span<float>(_target + (long)c * Chunk, Chunk)));

    public double BestReadGBps => _read.Max();
    public double BestCopyGBps => _copy.Max();
    public double BestGBps => Math.Max(BestReadGBps, BestCopyGBps);

    public void Dispose()
    {
        NativeMemory.AlignedFree(_source);
        NativeMemory.AlignedFree(_target);
    }
}
