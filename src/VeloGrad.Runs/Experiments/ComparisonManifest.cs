using System.Text.Json;

namespace VeloGrad.Runs;

/// <summary>manifest.json: how a comparison was made — command line, seeds, optimizers, versions, machine, the commit
/// the code was built from (the one run identities carry), the target its analysis measures, and when it started and
/// ended.</summary>
public sealed record ComparisonManifest
{
    public IReadOnlyList<string> CommandLine { get; init; } = [];
    public IReadOnlyList<string> Optimizers { get; init; } = [];
    public List<string> OptimizerFolders { get; init; } = [];
    public IReadOnlyList<ulong> Seeds { get; init; } = [];
    public TrainingConfig? BaseConfig { get; init; }
    public string? DatasetSource { get; init; }
    public RunEnvironment? Environment { get; init; }
    public string? GitCommit { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>The accuracy (%) or loss whose time to reach the analysis measures, as the command was given it, so that
    /// <c>velograd report</c> (after a hand-off to Slurm, say) measures the same; null in folders written before it was kept.</summary>
    public double? Target { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The manifest of a comparison about to run into <paramref name="folder"/>; a resumed one keeps its start time.</summary>
    public static ComparisonManifest ForComparison(TrainingConfig baseConfig, IReadOnlyList<OptimizerSpec> optimizers, IReadOnlyList<ulong> seeds,
        string datasetSource, RunEnvironment environment, string folder, bool resume, double? target) => new()
    {
        CommandLine = System.Environment.GetCommandLineArgs(),
        Optimizers = [.. optimizers.Select(s => s.ToString())],
        OptimizerFolders = [.. optimizers.Select(RunLayout.OptimizerFolder)],
        Seeds = seeds,
        BaseConfig = baseConfig,
        DatasetSource = datasetSource,
        Environment = environment,
        GitCommit = RunIdentity.BuildCommit,
        Sources = [folder],
        Target = target,
        StartedAt = resume ? TryLoad(folder)?.StartedAt ?? DateTimeOffset.UtcNow : DateTimeOffset.UtcNow,
    };

    /// <summary>The manifest of a report merged from <paramref name="sources"/>: the optimizers (spec text) and seeds
    /// found there, and the target its analysis measured.</summary>
    public static ComparisonManifest ForMerge(IReadOnlyList<OptimizerSpec> optimizers, IReadOnlyList<ulong> seeds, IReadOnlyList<string> sources, double target)
    {
        ArgumentNullException.ThrowIfNull(optimizers);
        ArgumentNullException.ThrowIfNull(sources);
        return new()
        {
            CommandLine = System.Environment.GetCommandLineArgs(),
            Optimizers = [.. optimizers.Select(s => s.ToString())],
            OptimizerFolders = [.. optimizers.Select(RunLayout.OptimizerFolder)],
            Seeds = seeds,
            BaseConfig = sources.Count > 0 ? TryLoad(sources[0])?.BaseConfig : null,
            GitCommit = RunIdentity.BuildCommit,
            Sources = [.. sources.Select(Path.GetFullPath)],
            Target = target,
            StartedAt = DateTimeOffset.UtcNow,
            EndedAt = DateTimeOffset.UtcNow,
        };
    }

    public void Save(string folder) => JsonRecord.Save(new ExperimentFolder(folder).Manifest, this);

    public static ComparisonManifest? TryLoad(string folder) =>
        JsonRecord.TryLoad<ComparisonManifest>(new ExperimentFolder(folder).Manifest, "a comparison manifest", "restore it, or delete it to have it written again.");
}
