namespace VeloGrad.Runs;

/// <summary>An experiment's seeds: <c>count</c> consecutive ones from a first, checked in one place.</summary>
public static class ExperimentSeeds
{
    /// <summary>The most seeds one experiment takes: past a thousand runs per optimizer a comparison stops telling
    /// anything new, and a count typed with extra zeros would otherwise plan a billion runs before anything says so.</summary>
    public const int MaxSeeds = 1_000;

    /// <param name="setting">The setting that gave the count (Seeds, TuneSeeds), named in the error.</param>
    /// <param name="what">What needs the seeds, in words ("A comparison", "Tuning").</param>
    /// <exception cref="InvalidSettingException">Fewer than one seed, more than <see cref="MaxSeeds"/>, or seeds past the largest.</exception>
    public static IReadOnlyList<ulong> Consecutive(ulong first, int count, string setting, string what)
    {
        if (count < 1) throw new InvalidSettingException(setting, $"{what} needs at least one seed (got {count}).");
        if (count > MaxSeeds) throw new InvalidSettingException(setting, $"{what} takes at most {MaxSeeds:N0} seeds (got {count:N0}).");
        if (ulong.MaxValue - first < (ulong)(count - 1))
            throw new InvalidSettingException(setting, $"{what}'s {count} seeds from {first} would pass the largest seed, {ulong.MaxValue}: start lower (--seed).");
        return [.. Enumerable.Range(0, count).Select(i => first + (ulong)i)];
    }
}
