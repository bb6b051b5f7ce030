namespace VeloGrad.Training.Loading;

/// <summary>Derives independent seeds from a run's seed and a path (epoch, batch, …) with SplitMix64, so every
/// random stream is reproducible on its own, whatever runs before it or in parallel.</summary>
public static class SeedSequence
{
    public static ulong Derive(ulong seed, params ReadOnlySpan<ulong> path)
    {
        ulong state = Mix(seed);
        foreach (ulong part in path) state = Mix(state ^ Mix(part + 0x632BE59BD9B4E019UL));
        return state;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
