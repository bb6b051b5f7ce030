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

/// <summary>Checks that an output folder can be written, before any work: a clear error instead of a failure
/// after an epoch.</summary>
public static class OutputFolder
{
    /// <summary><see cref="EnsureWritable"/>, and a claim that, once disposed, removes the folder again if this call
    /// created it and the command left nothing in it but its lock: a command that fails leaves no empty folder.</summary>
    public static Claim ClaimWritable(string folder)
    {
        bool existed = Directory.Exists(folder);
        EnsureWritable(folder);
        return new Claim(folder, existed);
    }

    /// <summary>A folder a command writes into; see <see cref="ClaimWritable"/>.</summary>
    public sealed class Claim(string folder, bool existed) : IDisposable
    {
        public void Dispose()
        {
            if (existed || !Directory.Exists(folder)) return;
            var left = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).ToList();
            if (left.All(name => name is RunFolderLock.FileName or RunFolderLock.OwnerFileName))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another process took the folder meanwhile: it is theirs now.
                }
            }
        }
    }

    /// <exception cref="IOException">The path is a file, or the folder cannot be created or written.</exception>
    public static void EnsureWritable(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (DanglingLinkTarget(folder) is { } target)
            throw new IOException($"'{folder}' is a symbolic link to '{target}', which does not exist: create '{target}', or choose another folder for the outputs.");
        if (File.Exists(folder)) throw new IOException($"'{folder}' is a file, not a folder: choose a folder for the outputs.");
        string probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write into '{folder}' ({e.Message}): choose a folder you can write to.", e);
        }
    }

    /// <summary>Where <paramref name="path"/> points when it is a symbolic link whose target is gone; else null.</summary>
    public static string? DanglingLinkTarget(string path)
    {
        var info = new FileInfo(Path.TrimEndingDirectorySeparator(path));
        if (info.LinkTarget is not { } target) return null;
        string resolved = Path.IsPathRooted(target) ? target : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(info.FullName)) ?? "", target);
        return Path.Exists(resolved) ? null : target;
    }
}
