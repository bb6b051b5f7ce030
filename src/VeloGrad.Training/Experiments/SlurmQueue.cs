using System.Diagnostics;
using System.Globalization;

namespace VeloGrad.Training.Experiments;

/// <summary>One array task Slurm still holds: its state (PENDING, RUNNING, …) and, while pending, why.</summary>
public sealed record QueuedTask(string State, string Reason)
{
    public bool IsRunning => State is "RUNNING" or "COMPLETING" or "CONFIGURING";

    /// <summary>Pending for a reason that no amount of waiting removes: the job asks for more than its partition,
    /// account or QOS will ever give (e.g. PartitionConfig for more CPUs than any node of the partition has).</summary>
    public bool CanNeverStart => !IsRunning && (NeverReasons.Contains(Reason)
        || (Reason.Contains("PerJob", StringComparison.Ordinal) && Reason.Contains("Max", StringComparison.Ordinal)));

    private static readonly HashSet<string> NeverReasons = new(StringComparer.Ordinal)
    {
        "PartitionConfig", "PartitionNodeLimit", "PartitionTimeLimit", "BadConstraints", "InvalidAccount", "InvalidQOS",
        "AccountNotAllowed", "QOSNotAllowed", "DependencyNeverSatisfied",
    };
}

/// <summary>Slurm's client commands (sbatch, squeue, scancel), run without a shell.</summary>
public static class SlurmQueue
{
    /// <summary>Submits <paramref name="script"/>; returns the job id.</summary>
    public static string Submit(string script) => Command("sbatch", "--parsable", script).Split(';')[0].Trim();

    /// <summary>The array tasks of <paramref name="jobId"/> still in the queue, by array index. Asked of the user's
    /// whole queue, not of the job: squeue fails on a job it has already forgotten, and that means "nothing queued".
    /// Tasks are matched by the array's job id (%F): %A, the job id, is the task's own once it starts (the base id
    /// + its place), so a running task other than the first looked gone, counted as failed, and a job whose listed
    /// tasks had ended was taken for finished while that one still ran.</summary>
    public static IReadOnlyDictionary<int, QueuedTask> Tasks(string jobId)
    {
        var tasks = new Dictionary<int, QueuedTask>();
        foreach (var line in Command("squeue", "-h", "-r", "-u", Environment.UserName, "-o", "%F|%K|%T|%r").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Trim().Split('|');
            if (parts.Length == 4 && parts[0] == jobId && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                tasks[index] = new QueuedTask(parts[2], parts[3]);
        }
        return tasks;
    }

    public static void Cancel(string jobId) => Command("scancel", jobId);

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
            throw new IOException($"'{file}' could not be started ({e.Message}): running on Slurm needs its client commands (sbatch, squeue, scancel) on the PATH.", e);
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
