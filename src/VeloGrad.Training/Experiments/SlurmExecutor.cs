using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace VeloGrad.Training.Experiments;

/// <summary>What a Slurm array job asks for; passed through to sbatch.</summary>
public sealed record SlurmOptions
{
    public string? Partition { get; init; }
    /// <summary>Wall time per run, sbatch's --time (e.g. 02:00:00).</summary>
    public string? Time { get; init; }
    public int CpusPerTask { get; init; } = 2;
    /// <summary>sbatch's --gpus per run (e.g. 1 or a100:1).</summary>
    public string? Gpus { get; init; }
    /// <summary>At most this many runs at once (the array's %P); null: as many as the cluster gives.</summary>
    public int? Parallel { get; init; }
    /// <summary>Further sbatch options, one per line of the script (e.g. --account=abc).</summary>
    public IReadOnlyList<string> Extra { get; init; } = [];
}

/// <summary>Where a submitted array stands: runs finished, running, pending, and those that ended without a
/// completed history (with their logs).</summary>
public sealed record SlurmProgress(int Total, int Finished, int Running, int Pending, IReadOnlyList<int> Failed)
{
    public bool Done => Running == 0 && Pending == 0;

    public override string ToString() =>
        $"finished {Finished}/{Total}, running {Running}, pending {Pending}, failed {Failed.Count}";
}

/// <summary>
/// Runs a comparison plan's unfinished runs as a Slurm job array: OUT/slurm/runs.sbatch has one task per run index,
/// each executing <c>velograd execute OUT --index i</c> (idempotent: finished runs are skipped, unfinished ones
/// resume), submitted with sbatch and followed with squeue. Submitting again runs only what is unfinished.
/// </summary>
public sealed class SlurmExecutor(string velogradCommand, SlurmOptions options)
{
    public const string FolderName = "slurm", ScriptName = "runs.sbatch";

    public static string LogPath(string outputFolder, int index) =>
        Path.Combine(Path.GetFullPath(outputFolder), FolderName, "logs", $"run-{index.ToString(CultureInfo.InvariantCulture)}.out");

    /// <summary>Writes the array job for <paramref name="indices"/>; returns its path.</summary>
    public string WriteScript(string outputFolder, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0) throw new ArgumentException("No run to submit.", nameof(indices));
        string folder = Path.GetFullPath(outputFolder);
        Directory.CreateDirectory(Path.Combine(folder, FolderName, "logs"));
        var c = CultureInfo.InvariantCulture;
        var script = new StringBuilder("#!/bin/bash\n");
        script.Append(c, $"#SBATCH --job-name=velograd-{Path.GetFileName(folder)}\n");
        script.Append(c, $"#SBATCH --array={string.Join(',', indices)}{(options.Parallel is int p ? $"%{p}" : "")}\n");
        script.Append(c, $"#SBATCH --output={LogPath(folder, 0).Replace("run-0.out", "run-%a.out", StringComparison.Ordinal)}\n");
        script.Append(c, $"#SBATCH --cpus-per-task={options.CpusPerTask}\n");
        if (options.Partition is { } partition) script.Append(c, $"#SBATCH --partition={partition}\n");
        if (options.Time is { } time) script.Append(c, $"#SBATCH --time={time}\n");
        if (options.Gpus is { } gpus) script.Append(c, $"#SBATCH --gpus={gpus}\n");
        foreach (var extra in options.Extra) script.Append(c, $"#SBATCH {extra}\n");
        script.Append("# One planned run per task; executing a finished run does nothing, an unfinished one resumes.\n");
        script.Append(c, $"exec {velogradCommand} execute {Quote(folder)} --index \"$SLURM_ARRAY_TASK_ID\"\n");
        string path = Path.Combine(folder, FolderName, ScriptName);
        AtomicFile.WriteAllText(path, script.ToString());
        return path;
    }

    /// <summary>Submits the script; returns the job id.</summary>
    public static string Submit(string script) => Command("sbatch", "--parsable", script).Split(';')[0].Trim();

    /// <summary>Where the array's runs stand: the queue for those still there, the run folders for the others.</summary>
    public static SlurmProgress Progress(string jobId, ComparisonPlan plan, string outputFolder, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(indices);
        var queued = new Dictionary<int, string>();
        foreach (var line in Command("squeue", "-j", jobId, "-h", "-r", "-o", "%K %T").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Trim().Split(' ', 2);
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)) queued[index] = parts[1];
        }
        var runs = plan.Runs(outputFolder).ToList();
        int finished = 0, running = 0, pending = 0;
        var failed = new List<int>();
        foreach (int i in indices)
        {
            if (queued.TryGetValue(i, out var state))
            {
                if (state is "RUNNING" or "COMPLETING") running++;
                else pending++;
            }
            else if (ComparisonRunner.StateOf(runs[i]) == PlannedRunState.Completed) finished++;
            else failed.Add(i);
        }
        return new SlurmProgress(indices.Count, finished, running, pending, failed);
    }

    /// <summary>Polls until no run of the array is queued.</summary>
    public static SlurmProgress Wait(string jobId, ComparisonPlan plan, string outputFolder, IReadOnlyList<int> indices,
        Action<SlurmProgress> onChange, TimeSpan interval, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        string? last = null;
        while (true)
        {
            var progress = Progress(jobId, plan, outputFolder, indices);
            if (progress.ToString() != last) onChange(progress);
            last = progress.ToString();
            if (progress.Done || cancel.IsCancellationRequested) return progress;
            cancel.WaitHandle.WaitOne(interval);
        }
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Command(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"'{file}' could not be started ({e.Message}): running on Slurm needs its client commands (sbatch, squeue) on the PATH.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new IOException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Trim()}");
            return stdout.Result;
        }
    }
}
