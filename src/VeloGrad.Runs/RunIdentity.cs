using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VeloGrad.Runs;

/// <summary>
/// What makes a run the run it is: its full configuration, the content of its data (a checksum) and the code that
/// ran it. Two runs with the same identity must give the same figures (runs are deterministic), so a merge counts
/// them once; runs whose identities differ by more than the seed are never pooled.
/// </summary>
public sealed record RunIdentity(TrainingConfig Config, string? DatasetChecksum, string? CodeVersion)
{
    /// <summary>This build: the library version and the commit it was built from, when known.</summary>
    public static string CurrentCodeVersion { get; } = CodeVersionOf(typeof(RunIdentity).Assembly);

    /// <summary>The commit this build was made from (SourceLink's SourceRevisionId), or null when the build did not
    /// know it: what a manifest records, so that it names the code that ran, not whatever is checked out where the
    /// command was typed.</summary>
    public static string? BuildCommit { get; } = typeof(RunIdentity).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "SourceRevisionId")?.Value is { Length: > 0 } commit ? commit : null;

    /// <summary>A short hash of everything that decides the run's figures.</summary>
    public string Key => Hash(Config);

    /// <summary>The same without the seed: the runs of one row of a comparison share it.</summary>
    public string SeriesKey => Hash(Config with { Seed = 0 });

    /// <summary>What differs between two identities, in words.</summary>
    public IEnumerable<string> DifferencesFrom(RunIdentity other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var d in Config.RunDifferencesFrom(other.Config)) yield return d;
        if (Config.Device != other.Config.Device) yield return $"device {SettingNames.Of(other.Config.Device)} → {SettingNames.Of(Config.Device)}";
        if (DatasetChecksum != other.DatasetChecksum) yield return $"dataset content {other.DatasetChecksum ?? "unknown"} → {DatasetChecksum ?? "unknown"}";
        if (CodeVersion != other.CodeVersion) yield return $"code {other.CodeVersion ?? "unknown"} → {CodeVersion ?? "unknown"}";
    }

    private string Hash(TrainingConfig config)
    {
        string canonical = JsonSerializer.Serialize(new { config, dataset = DatasetChecksum, code = CodeVersion }, RunHistory.JsonOptions);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
    }

    private static string CodeVersionOf(Assembly assembly)
    {
        string version = assembly.GetName().Version?.ToString(3) ?? "?";
        string? commit = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "SourceRevisionId")?.Value;
        return commit is { Length: > 0 } ? $"{version}+{commit[..Math.Min(12, commit.Length)]}" : version;
    }
}
