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

    /// <summary>The manifest of <paramref name="plan"/> as it ran into <paramref name="folder"/>: its settings, where the data
    /// came from, where it ran, the target its analysis measures, and when it started (<see cref="StartOf"/>) and ended
    /// (null: handed to a scheduler, not ended yet).</summary>
    public static ComparisonManifest ForComparison(RunPlan plan, ExperimentFolder folder, RunEnvironment environment, string datasetSource,
        double? target, DateTimeOffset startedAt, DateTimeOffset? endedAt)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        return new()
        {
            CommandLine = System.Environment.GetCommandLineArgs(),
            Optimizers = [.. plan.Optimizers.Select(s => s.ToString())],
            OptimizerFolders = [.. plan.Optimizers.Select(RunLayout.OptimizerFolder)],
            Seeds = plan.Seeds,
            BaseConfig = plan.BaseConfig,
            DatasetSource = datasetSource,
            Environment = environment,
            GitCommit = RunIdentity.BuildCommit,
            Sources = [folder.Path],
            Target = target,
            StartedAt = startedAt,
            EndedAt = endedAt,
        };
    }

    /// <summary>When the experiment in <paramref name="folder"/> started: now, or, resumed, when it first did.</summary>
    public static DateTimeOffset StartOf(ExperimentFolder folder, bool resume)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return resume ? TryLoad(folder)?.StartedAt ?? DateTimeOffset.UtcNow : DateTimeOffset.UtcNow;
    }

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
            BaseConfig = sources.Count > 0 ? TryLoad(new ExperimentFolder(sources[0]))?.BaseConfig : null,
            GitCommit = RunIdentity.BuildCommit,
            Sources = [.. sources.Select(Path.GetFullPath)],
            Target = target,
            StartedAt = DateTimeOffset.UtcNow,
            EndedAt = DateTimeOffset.UtcNow,
        };
    }

    public void Save(ExperimentFolder folder) => JsonRecord.Save((folder ?? throw new ArgumentNullException(nameof(folder))).Manifest, this);

    public static ComparisonManifest? TryLoad(ExperimentFolder folder) =>
        JsonRecord.TryLoad<ComparisonManifest>((folder ?? throw new ArgumentNullException(nameof(folder))).Manifest, "a comparison manifest", "restore it, or delete it to have it written again.");
}
