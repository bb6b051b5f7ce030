namespace VeloGrad.Runs;

/// <summary>A resumed experiment must be the one its folder holds: the one way plans, tuning protocols and benchmark
/// plans refuse options that differ from those saved.</summary>
public static class ResumeCheck
{
    /// <param name="changes">What differs from the saved record, in words (none: the same experiment).</param>
    /// <param name="madeHow">How the folder was made, for the message: "planned", "tuned", "benchmarked".</param>
    /// <exception cref="InvalidSettingException">Something differs.</exception>
    public static void RequireSameOptions(string folder, IEnumerable<string> changes, string madeHow)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var list = changes.ToList();
        if (list.Count > 0)
            throw new InvalidSettingException(SettingKeys.Plan, $"'{folder}' was {madeHow} with other options ({string.Join("; ", list)}): resume with the same options, or choose another output folder.");
    }
}
