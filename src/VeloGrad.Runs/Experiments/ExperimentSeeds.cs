namespace VeloGrad.Runs;

/// <summary>An experiment's seeds: <c>count</c> consecutive ones from a first, checked in one place.</summary>
public static class ExperimentSeeds
{
    /// <param name="setting">The setting that gave the count (Seeds, TuneSeeds), named in the error.</param>
    /// <param name="what">What needs the seeds, in words ("A comparison", "Tuning").</param>
    /// <exception cref="InvalidSettingException">Fewer than one seed.</exception>
    public static IReadOnlyList<ulong> Consecutive(ulong first, int count, string setting, string what)
    {
        if (count < 1) throw new InvalidSettingException(setting, $"{what} needs at least one seed (got {count}).");
        return [.. Enumerable.Range(0, count).Select(i => first + (ulong)i)];
    }
}
