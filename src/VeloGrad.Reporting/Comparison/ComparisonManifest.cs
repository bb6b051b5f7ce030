using System.Diagnostics;
using System.Text.Json;
using VeloGrad.Training.Engine;
using VeloGrad.Training.IO;

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

    public void Save(string folder) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, RunHistory.JsonOptions));

    public static ComparisonManifest? TryLoad(string folder)
    {
        string path = Path.Combine(folder, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<ComparisonManifest>(File.ReadAllText(path), RunHistory.JsonOptions) : null;
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
