using System.Numerics;
using TorchSharp;
using VeloGrad.Components;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>
/// The fused CPU strategy: the reference's arithmetic in three passes over raw memory, each a loop of SIMD
/// vectors (<see cref="Vector{T}"/>) over chunks spread across the cores.
/// <list type="number">
/// <item>reductions: ‖g‖², g·g_prev, ‖g_prev‖² (reads g, g_prev);</item>
/// <item>update: moments, previous gradient, p −= step·update, and ‖update‖² (reads g, m, v, p; writes m, v, g_prev, p);</item>
/// <item>decay and, when due, lookahead (reads and writes p, and the slow weights every k steps).</item>
/// </list>
/// About 48 bytes move per float32 parameter, the floor for this algorithm. Per-tensor scalars come from
/// <see cref="StepScalars"/>, evaluated between passes in double precision on the host, which on the CPU is where
/// the data already is. Partial sums
/// are combined in chunk order, so results do not depend on thread timing.
/// </summary>
internal static unsafe class FusedCpuStep
{
    private const int ChunkElements = 1 << 16;
    private const long ParallelThreshold = 1 << 15;

    /// <summary>Elements per batch of tensors: pass 2 touches 20 bytes an element (float32), so a batch of 1 M
    /// elements keeps its working set inside a 32 MiB last-level cache.</summary>
    private const long CacheBatchElements = 1 << 20;

    public static bool Supports(Tensor parameter, Tensor grad) => WhyNot(parameter, grad) is null;

    /// <summary>Why this strategy cannot step <paramref name="parameter"/>, or null when it can.</summary>
    public static string? WhyNot(Tensor parameter, Tensor grad) =>
        parameter.device_type != DeviceType.CPU ? $"it is on {parameter.device}, and this strategy runs on the CPU"
        : parameter.dtype is not (ScalarType.Float32 or ScalarType.Float64) ? $"it is {parameter.dtype}, and this strategy takes float32 and float64"
        : !parameter.is_contiguous() || !grad.is_contiguous() ? "it or its gradient is not contiguous, and this strategy walks raw memory"
        : null;

    /// <param name="items">The parameters to step, with their gradients and state.</param>
    /// <param name="h">The group's hyperparameters.</param>
    /// <param name="lossFactor">The loss-aware factor on the host (<see cref="LossFactor.Host"/>).</param>
    public static void Apply(IReadOnlyList<ParameterStep> items, in StepHyperparameters h, LossFactor lossFactor)
    {
        var singles = items.Where(i => i.Parameter.dtype == ScalarType.Float32).ToList();
        var doubles = items.Where(i => i.Parameter.dtype == ScalarType.Float64).ToList();
        if (singles.Count > 0) Run<float>(singles, h, lossFactor);
        if (doubles.Count > 0) Run<double>(doubles, h, lossFactor);
    }

    /// <summary>One parameter's pointers and per-step scalars.</summary>
    private sealed class Slot
    {
        public nint P, G, M, V, Prev, Slow;
        public long Length;
        public long Step;
        public double Scale = 1, StepSize, LearningRate, BiasCorrection1, BiasCorrection2, Decay = 1;
        public bool LookaheadDue;
    }

    private readonly record struct Chunk(int Slot, long Start, int Count);

    /// <summary>The tensor's first element; 0 for a state tensor its part does not keep (never read then).</summary>
    private static nint Address(Tensor? t)
    {
        if (t is null) return 0;
        fixed (byte* p = t.bytes) return (nint)p;
    }

    private static void Run<T>(List<ParameterStep> items, StepHyperparameters h, LossFactor lossFactor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var slots = new Slot[items.Count];
        for (int s = 0; s < items.Count; s++)
        {
            var (param, grad, state) = items[s];
            state.PrepareFor(h.Components);
            state.Step += 1;
            slots[s] = new Slot
            {
                P = Address(param), G = Address(grad), M = Address(state.ExpAvg!), V = Address(state.ExpAvgSq!),
                Prev = Address(state.PrevGrad), Slow = Address(state.SlowParams), Length = param.numel(), Step = state.Step,
            };
        }
        long total = slots.Sum(s => s.Length);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = total < ParallelThreshold ? 1 : Math.Max(1, get_num_threads()) };

        // Tensors go through all three passes a cache-sized batch at a time: what pass 1 read and pass 2 wrote is
        // still in the last-level cache when the next pass comes, which saves a quarter of the memory traffic.
        int first = 0;
        while (first < slots.Length)
        {
            int end = first;
            long elements = 0;
            while (end < slots.Length && (end == first || elements + slots[end].Length <= CacheBatchElements)) elements += slots[end++].Length;
            RunBatch<T>(slots[first..end], h, lossFactor, parallel);
            first = end;
        }
    }

    private static void RunBatch<T>(Slot[] slots, StepHyperparameters h, LossFactor lossFactor, ParallelOptions parallel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var chunks = new List<Chunk>();
        for (int s = 0; s < slots.Length; s++)
            for (long start = 0; start < slots[s].Length; start += ChunkElements)
                chunks.Add(new Chunk(s, start, (int)Math.Min(ChunkElements, slots[s].Length - start)));
        bool directional = h.Has(VeloGradComponents.DirectionalMomentum);

        // Pass 1: per-tensor reductions.
        var partial = new double[chunks.Count * 3];
        Parallel.For(0, chunks.Count, parallel, c =>
        {
            var (s, start, count) = chunks[c];
            var (gg, gp, pp) = Reduce((T*)slots[s].G + start, (T*)slots[s].Prev + start, count, directional);
            partial[3 * c] = gg;
            partial[3 * c + 1] = gp;
            partial[3 * c + 2] = pp;
        });
        var sums = new double[slots.Length * 3];
        for (int c = 0; c < chunks.Count; c++)
            for (int k = 0; k < 3; k++) sums[3 * chunks[c].Slot + k] += partial[3 * c + k];

        for (int s = 0; s < slots.Length; s++)
        {
            var slot = slots[s];
            double gradNorm = Math.Sqrt(sums[3 * s]);
            var previous = StepScalars.NeedsCosine(h, slot.Step) ? new PreviousGradient<double>(sums[3 * s + 1], Math.Sqrt(sums[3 * s + 2])) : (PreviousGradient<double>?)null;
            var scalars = StepScalars.BeforeUpdate<double, HostScalars>(gradNorm, previous, slot.Step, h, lossFactor);
            slot.Scale = scalars.Scale?.Value ?? 1; // the pass multiplies by it either way: 1 leaves the gradient as it is
            slot.LearningRate = scalars.LearningRate;
            slot.StepSize = scalars.StepSize;
            (slot.BiasCorrection1, slot.BiasCorrection2) = StepScalars.BiasCorrections(h, slot.Step);
        }

        // Pass 2: moments, previous gradient, parameter update, ‖update‖².
        var updateSquares = new double[chunks.Count];
        Parallel.For(0, chunks.Count, parallel, c =>
        {
            var (s, start, count) = chunks[c];
            updateSquares[c] = Update<T>(slots[s], start, count, h, directional);
        });
        var updateNorms = new double[slots.Length];
        for (int c = 0; c < chunks.Count; c++) updateNorms[chunks[c].Slot] += updateSquares[c];

        for (int s = 0; s < slots.Length; s++)
        {
            var slot = slots[s];
            var decay = StepScalars.Decay<double, HostScalars>(slot.LearningRate,
                StepScalars.NeedsUpdateNorm(h) ? new Some<double>(Math.Sqrt(updateNorms[s])) : null, h, lossFactor);
            slot.Decay = decay?.Value ?? 1; // 1: pass 3 skips the slot
            slot.LookaheadDue = StepScalars.LookaheadDue(h, slot.Step);
        }

        // Pass 3: weight decay and lookahead.
        if (slots.Any(s => s.Decay != 1 || s.LookaheadDue))
        {
            Parallel.For(0, chunks.Count, parallel, c =>
            {
                var (s, start, count) = chunks[c];
                DecayAndLookahead<T>(slots[s], start, count, h);
            });
        }
    }

    private static (double, double, double) Reduce<T>(T* g, T* prev, int count, bool directional)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Two accumulators per sum: independent add chains keep the core busy while loads stream in.
        int width = Vector<T>.Count, i = 0;
        Vector<T> gg0 = Vector<T>.Zero, gg1 = Vector<T>.Zero, gp0 = Vector<T>.Zero, gp1 = Vector<T>.Zero, pp0 = Vector<T>.Zero, pp1 = Vector<T>.Zero;
        for (; i <= count - 2 * width; i += 2 * width)
        {
            var ga = Vector.Load(g + i);
            var gb = Vector.Load(g + i + width);
            gg0 += ga * ga;
            gg1 += gb * gb;
            if (directional)
            {
                var pa = Vector.Load(prev + i);
                var pb = Vector.Load(prev + i + width);
                gp0 += ga * pa;
                gp1 += gb * pb;
                pp0 += pa * pa;
                pp1 += pb * pb;
            }
        }
        double sgg = Sum(gg0) + Sum(gg1), sgp = Sum(gp0) + Sum(gp1), spp = Sum(pp0) + Sum(pp1);
        for (; i < count; i++)
        {
            double gi = double.CreateTruncating(g[i]);
            sgg += gi * gi;
            if (directional)
            {
                double pi = double.CreateTruncating(prev[i]);
                sgp += gi * pi;
                spp += pi * pi;
            }
        }
        return (sgg, sgp, spp);
    }

    private static double Update<T>(Slot slot, long start, int count, in StepHyperparameters h, bool directional)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* g = (T*)slot.G + start, m = (T*)slot.M + start, v = (T*)slot.V + start, p = (T*)slot.P + start, prev = (T*)slot.Prev + start;
        T scale = T.CreateTruncating(slot.Scale), b1 = T.CreateTruncating(h.Beta1), c1 = T.CreateTruncating(1 - h.Beta1);
        T b2 = T.CreateTruncating(h.Beta2), c2 = T.CreateTruncating(1 - h.Beta2);
        // Multiplying by the reciprocals of the bias corrections saves two divisions an element (the reference divides;
        // the difference is one rounding, far inside the tolerances the tests hold this strategy to).
        T inverseBc1 = T.CreateTruncating(1 / slot.BiasCorrection1), inverseBc2 = T.CreateTruncating(1 / slot.BiasCorrection2);
        T eps = T.CreateTruncating(h.Epsilon), step = T.CreateTruncating(slot.StepSize);
        bool scaled = h.Has(VeloGradComponents.GradientNormScaling);
        int width = Vector<T>.Count, i = 0;
        var uu = Vector<T>.Zero;
        for (; i <= count - width; i += width)
        {
            var gv = Vector.Load(g + i);
            var sg = scaled ? gv * scale : gv;
            var mv = Vector.Load(m + i) * b1 + sg * c1;
            var vv = Vector.Load(v + i) * b2 + sg * sg * c2;
            mv.Store(m + i);
            vv.Store(v + i);
            if (directional) gv.Store(prev + i);
            var u = mv * inverseBc1 / (Vector.SquareRoot(vv * inverseBc2) + new Vector<T>(eps));
            (Vector.Load(p + i) - u * step).Store(p + i);
            uu += u * u;
        }
        double sum = Sum(uu);
        for (; i < count; i++)
        {
            T sg = scaled ? g[i] * scale : g[i];
            m[i] = m[i] * b1 + sg * c1;
            v[i] = v[i] * b2 + sg * sg * c2;
            if (directional) prev[i] = g[i];
            T u = m[i] * inverseBc1 / (T.Sqrt(v[i] * inverseBc2) + eps);
            p[i] -= u * step;
            sum += double.CreateTruncating(u * u);
        }
        return sum;
    }

    private static void DecayAndLookahead<T>(Slot slot, long start, int count, in StepHyperparameters h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* p = (T*)slot.P + start, slow = (T*)slot.Slow + start;
        T decay = T.CreateTruncating(slot.Decay), aSlow = T.CreateTruncating(h.SlowUpdateRate);
        T keep = T.CreateTruncating(1 - h.InterpolationStrength), aInterp = T.CreateTruncating(h.InterpolationStrength);
        int width = Vector<T>.Count, i = 0;
        for (; i <= count - width; i += width)
        {
            var pv = Vector.Load(p + i) * decay;
            if (slot.LookaheadDue)
            {
                var sv = Vector.Load(slow + i);
                sv += (pv - sv) * aSlow;
                sv.Store(slow + i);
                pv = pv * keep + sv * aInterp;
            }
            pv.Store(p + i);
        }
        for (; i < count; i++)
        {
            T pi = p[i] * decay;
            if (slot.LookaheadDue)
            {
                slow[i] += (pi - slow[i]) * aSlow;
                pi = pi * keep + slow[i] * aInterp;
            }
            p[i] = pi;
        }
    }

    private static double Sum<T>(Vector<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int k = 0; k < Vector<T>.Count; k++) sum += double.CreateTruncating(v[k]);
        return sum;
    }
}
