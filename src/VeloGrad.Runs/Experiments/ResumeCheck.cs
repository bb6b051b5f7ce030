namespace VeloGrad.Runs;

/// <summary>A new experiment needs a folder that holds none, and a resumed one must be the one its folder holds: the one
/// way run plans, tuning protocols and benchmark plans check their folder.</summary>
public static class ResumeCheck
{
    /// <summary>Checks <paramref name="folder"/> for an experiment about to start or resume.</summary>
    /// <param name="saved">The record of the experiment the folder holds (null: none).</param>
    /// <param name="occupied">Whether the folder holds an experiment a new one would overwrite.</param>
    /// <param name="holds">What it holds, for the message: "planned runs", "a tuning", "a benchmark".</param>
    /// <param name="madeHow">How it was made, for the message: "planned", "tuned", "benchmarked".</param>
    /// <param name="differences">What differs between the saved record and the one about to run, in words.</param>
    /// <exception cref="RunFolderConflictException">A new experiment into an occupied folder.</exception>
    /// <exception cref="InvalidSettingException">A resume with other options.</exception>
    public static void RequireNewOrSame<T>(ExperimentFolder folder, bool resume, T? saved, bool occupied, string holds, string madeHow,
        Func<T, IEnumerable<string>> differences) where T : class
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(differences);
        if (!resume && occupied) throw new RunFolderConflictException($"'{folder}' already holds {holds}", FolderRemedy.Resume | FolderRemedy.OtherFolder);
        if (resume && saved is not null) RequireSameOptions(folder.Path, differences(saved), madeHow);
    }

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
