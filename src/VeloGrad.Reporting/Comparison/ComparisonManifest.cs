using System.Diagnostics;
using System.Text.Json;

namespace VeloGrad.Reporting.Comparison;

/// <summary>manifest.json: how a comparison was made — command line, seeds, optimizers, versions, machine, git
/// commit, and when it started and ended.</summary>
public sealed record ComparisonManifest
{
    public const string FileName = "manifest.json";

    public IReadOnlyList<string> CommandLine { get; init; } = [];
    public IReadOnlyList<string> Optimizers { get; init; } = [];
    public List<string> OptimizerFolders { get; init; } = [];
    public IReadOnlyList<ulong> Seeds { get; init; } = [];
    public TrainingConfig? BaseConfig { get; init; }
    public string? DatasetSource { get; init; }
    public RunEnvironment? Environment { get; init; }
    public string? GitCommit { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The manifest of a comparison about to run into <paramref name="folder"/>; a resumed one keeps its start time.</summary>
    public static ComparisonManifest ForComparison(TrainingConfig baseConfig, IReadOnlyList<OptimizerSpec> optimizers, IReadOnlyList<ulong> seeds,
        string datasetSource, RunEnvironment environment, string folder, bool resume) => new()
    {
        CommandLine = System.Environment.GetCommandLineArgs(),
        Optimizers = [.. optimizers.Select(s => s.ToString())],
        OptimizerFolders = [.. optimizers.Select(RunLayout.OptimizerFolder)],
        Seeds = seeds,
        BaseConfig = baseConfig,
        DatasetSource = datasetSource,
        Environment = environment,
        GitCommit = CurrentGitCommit(),
        Sources = [folder],
        StartedAt = resume ? TryLoad(folder)?.StartedAt ?? DateTimeOffset.UtcNow : DateTimeOffset.UtcNow,
    };

    /// <summary>The manifest of a report merged from <paramref name="sources"/>.</summary>
    public static ComparisonManifest ForMerge(ComparisonSet set, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(sources);
        return new()
        {
            CommandLine = System.Environment.GetCommandLineArgs(),
            Optimizers = [.. set.Optimizers.Select(g => g.Runs[0].Spec.ToString())],
            OptimizerFolders = [.. set.Optimizers.Select(g => RunLayout.OptimizerFolder(g.Runs[0].Spec))],
            Seeds = [.. set.Optimizers.SelectMany(g => g.Runs.Select(r => r.Seed)).Distinct().Order()],
            BaseConfig = sources.Count > 0 ? TryLoad(sources[0])?.BaseConfig : null,
            GitCommit = CurrentGitCommit(),
            Sources = [.. sources.Select(Path.GetFullPath)],
            StartedAt = DateTimeOffset.UtcNow,
            EndedAt = DateTimeOffset.UtcNow,
        };
    }

    public void Save(string folder) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, RunHistory.JsonOptions));

    public static ComparisonManifest? TryLoad(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ComparisonManifest>(File.ReadAllText(path), RunHistory.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a comparison manifest ({JsonFileError.Describe(e)}): restore it, or delete it to have it written again.", e);
        }
    }

    /// <summary>The commit checked out in the current folder, or null outside a git checkout.</summary>
    public static string? CurrentGitCommit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var git = Process.Start(start);
            if (git is null) return null;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && output.Length == 40 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
