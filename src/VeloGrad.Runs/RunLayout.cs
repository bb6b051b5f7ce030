namespace VeloGrad.Runs;

/// <summary>
/// Where an experiment keeps its runs, defined once: <c>OUT/runs/&lt;optimizer folder&gt;/seed-&lt;n&gt;/</c>, each with
/// its history.json, history.csv and, while unfinished, its checkpoint.
/// </summary>
public static class RunLayout
{
    public const string RunsFolder = "runs";
    private const string SeedPrefix = "seed-";

    /// <summary>A file-system-safe folder name for an optimizer spec: sgd:lr=0.05 → sgd_lr-0.05.</summary>
    public static string OptimizerFolder(OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.ToString().Replace(':', '_').Replace(',', '_').Replace('=', '-').Replace('+', '-');
    }

    public static string RunsRoot(string experimentFolder) => Path.Combine(experimentFolder, RunsFolder);

    public static string RunFolder(string experimentFolder, OptimizerSpec spec, ulong seed) =>
        Path.Combine(RunsRoot(experimentFolder), OptimizerFolder(spec), SeedPrefix + seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The run folders under an experiment folder, optimizer folder by optimizer folder.</summary>
    public static IEnumerable<(string OptimizerFolder, string RunFolder)> Enumerate(string experimentFolder) =>
        Directory.GetDirectories(RunsRoot(experimentFolder)).Order(StringComparer.Ordinal)
            .SelectMany(o => Directory.GetDirectories(o, SeedPrefix + "*").Order(StringComparer.Ordinal).Select(r => (o, r)));
}
