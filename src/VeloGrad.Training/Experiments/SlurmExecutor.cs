using System.Globalization;
using System.Text;

namespace VeloGrad.Training.Experiments;

/// <summary>Where a submitted array stands: runs finished, running, pending (with Slurm's reasons), and those that
/// ended without a completed history.</summary>
public sealed record SlurmProgress(int Total, int Finished, int Running, int Pending, IReadOnlyList<int> Failed)
{
    /// <summary>Why the pending runs wait, as squeue says (Resources, Priority, …); empty when none waits.</summary>
    public IReadOnlyList<string> PendingReasons { get; init; } = [];

    public bool Done => Running == 0 && Pending == 0;

    public override string ToString() =>
        $"finished {Finished}/{Total}, running {Running}, pending {Pending}{(PendingReasons.Count > 0 ? $" ({string.Join(", ", PendingReasons)})" : "")}, failed {Failed.Count}";
}

/// <summary>What a Slurm execution did: the job it submitted or followed, and where its runs stood when it stopped
/// following (null when it did not wait).</summary>
public sealed record SlurmExecution(SlurmSubmission? Job, bool FollowedEarlierJob, SlurmProgress? Progress)
{
    /// <summary>Nothing was left to run: no job was submitted.</summary>
    public bool NothingToRun => Job is null;
}

/// <summary>Slurm holds the job's runs for a reason no wait removes (it was cancelled, so nothing is left queued).</summary>
public sealed class SlurmJobCannotStartException : IOException
{
    public SlurmJobCannotStartException(string jobId, string reason)
        : base($"Slurm will never start job {jobId}: its runs wait with reason {reason}, which means they ask for more than the partition, account or QOS ever gives (CPUs, GPUs, time or nodes per run). The job is cancelled.")
    {
        JobId = jobId;
        Reason = reason;
    }

    public SlurmJobCannotStartException() { }
    public SlurmJobCannotStartException(string message) : base(message) { }
    public SlurmJobCannotStartException(string message, Exception inner) : base(message, inner) { }

    public string JobId { get; } = "";
    public string Reason { get; } = "";
}

/// <summary>
/// Runs a comparison plan's unfinished runs as a Slurm job array: OUT/slurm/runs.sbatch has one task per run index,
/// each executing <c>velograd execute OUT --index i</c> (idempotent: finished runs are skipped, unfinished ones
/// resume), submitted with sbatch, recorded in OUT/slurm/job.json and followed with squeue. While that job lives,
/// executing the plan again follows it; once it is gone, only what is unfinished is submitted.
/// </summary>
public sealed class SlurmExecutor(string velogradCommand, SlurmOptions options)
{
    public const string FolderName = "slurm", ScriptName = "runs.sbatch";

    /// <summary>How often the queue is read while following a job.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The log of run <paramref name="index"/> in job <paramref name="jobId"/>: each submission writes its own,
    /// so a resubmission keeps the failed attempt's log.</summary>
    public static string LogPath(string outputFolder, int index, string jobId) =>
        Path.Combine(LogFolder(outputFolder), $"run-{index.ToString(CultureInfo.InvariantCulture)}.job-{jobId}.out");

    public static string LogFolder(string outputFolder) => Path.Combine(Path.GetFullPath(outputFolder), FolderName, "logs");

    /// <summary>Submits what is unfinished (or follows the folder's earlier job while it lives) and, when
    /// <paramref name="wait"/>, follows the job until no run of it is queued, telling <paramref name="say"/> as it goes.</summary>
    /// <exception cref="SlurmJobCannotStartException">Slurm will never start the job; it is cancelled.</exception>
    /// <exception cref="RunFolderConflictException">An earlier job of the folder is live and this is not a resume.</exception>
    public SlurmExecution Execute(ComparisonPlan plan, string outputFolder, bool resume, bool wait, Action<string> say, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(say);
        var earlier = SlurmSubmission.TryLoad(outputFolder);
        var live = earlier is null ? 0 : SlurmQueue.Tasks(earlier.JobId).Count;
        if (live > 0 && !resume)
            throw new RunFolderConflictException($"'{outputFolder}' has Slurm job {earlier!.JobId} still queued or running ({live} of its runs)", FolderRemedy.Resume | FolderRemedy.OtherFolder);
        ComparisonRunner.Prepare(plan, outputFolder, resume);
        SlurmSubmission job;
        if (live > 0)
        {
            job = earlier!;
            say($"Slurm job {job.JobId}, submitted {job.SubmittedAt:u} for this folder, still holds {live} of its {job.Indices.Count} runs: following it instead of submitting them again.");
        }
        else
        {
            var runs = plan.Runs(outputFolder).ToList();
            var todo = Enumerable.Range(0, runs.Count).Where(i => ComparisonRunner.StateOf(runs[i]) != PlannedRunState.Completed).ToList();
            if (todo.Count == 0)
            {
                say("Every planned run is finished.");
                return new SlurmExecution(null, false, null);
            }
            string script = WriteScript(outputFolder, todo);
            job = new SlurmSubmission(SlurmQueue.Submit(script), todo, DateTimeOffset.UtcNow);
            job.Save(outputFolder);
            say($"Submitted Slurm job {job.JobId}: {todo.Count} of {runs.Count} runs ({script}); logs in {LogFolder(outputFolder)}.");
        }
        if (!wait)
        {
            // A job that can never start usually says so within a scheduling cycle: look briefly before leaving it.
            for (int i = 0; i < 3 && !cancel.IsCancellationRequested; i++)
            {
                RefuseIfItCanNeverStart(job.JobId, SlurmQueue.Tasks(job.JobId));
                cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            }
            return new SlurmExecution(job, live > 0, null);
        }
        return new SlurmExecution(job, live > 0, Follow(job, plan, outputFolder, say, cancel));
    }

    /// <summary>Writes the array job for <paramref name="indices"/>; returns its path.</summary>
    public string WriteScript(string outputFolder, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0) throw new ArgumentException("No run to submit.", nameof(indices));
        string folder = Path.GetFullPath(outputFolder);
        // #SBATCH values are double-quoted, so spaces are safe; a quote, a newline or Slurm's own % and \ are not.
        if (folder.IndexOfAny(['"', '\n', '\r', '%', '\\']) is int bad and >= 0)
            throw new ArgumentException($"The output folder '{folder}' holds '{folder[bad]}', which a Slurm batch script cannot quote: choose an output folder without \", %, \\ or line breaks for --executor slurm.");
        Directory.CreateDirectory(LogFolder(folder));
        var c = CultureInfo.InvariantCulture;
        var script = new StringBuilder("#!/bin/bash\n");
        script.Append(c, $"#SBATCH --job-name=\"velograd-{Path.GetFileName(folder)}\"\n");
        script.Append(c, $"#SBATCH --array={string.Join(',', indices)}{(options.Parallel is int p ? $"%{p}" : "")}\n");
        script.Append(c, $"#SBATCH --output=\"{Path.Combine(LogFolder(folder), "run-%a.job-%A.out")}\"\n");
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

    /// <summary>Where the job's runs stand: the queue for those still there, the run folders for the others.</summary>
    public static SlurmProgress Progress(SlurmSubmission job, ComparisonPlan plan, string outputFolder) =>
        Progress(job, plan, outputFolder, SlurmQueue.Tasks(job.JobId));

    private static SlurmProgress Progress(SlurmSubmission job, ComparisonPlan plan, string outputFolder, IReadOnlyDictionary<int, QueuedTask> queued)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(plan);
        var runs = plan.Runs(outputFolder).ToList();
        int finished = 0, running = 0, pending = 0;
        var failed = new List<int>();
        foreach (int i in job.Indices)
        {
            if (queued.TryGetValue(i, out var task))
            {
                if (task.IsRunning) running++;
                else pending++;
            }
            else if (ComparisonRunner.StateOf(runs[i]) == PlannedRunState.Completed) finished++;
            else failed.Add(i);
        }
        var reasons = queued.Values.Where(t => !t.IsRunning && t.Reason is not ("" or "None")).Select(t => t.Reason).Distinct().Order(StringComparer.Ordinal).ToList();
        return new SlurmProgress(job.Indices.Count, finished, running, pending, failed) { PendingReasons = reasons };
    }

    /// <summary>Polls until no run of the job is queued (or <paramref name="cancel"/>), saying each change.</summary>
    /// <exception cref="SlurmJobCannotStartException">Slurm will never start the job; it is cancelled.</exception>
    public SlurmProgress Follow(SlurmSubmission job, ComparisonPlan plan, string outputFolder, Action<string> say, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(say);
        string? last = null;
        while (true)
        {
            var queued = SlurmQueue.Tasks(job.JobId);
            RefuseIfItCanNeverStart(job.JobId, queued);
            var progress = Progress(job, plan, outputFolder, queued);
            if (progress.ToString() != last) say($"slurm job {job.JobId}: {progress}");
            last = progress.ToString();
            if (progress.Done || cancel.IsCancellationRequested) return progress;
            cancel.WaitHandle.WaitOne(PollInterval);
        }
    }

    private static void RefuseIfItCanNeverStart(string jobId, IReadOnlyDictionary<int, QueuedTask> queued)
    {
        if (queued.Values.FirstOrDefault(t => t.CanNeverStart) is not { } stuck) return;
        SlurmQueue.Cancel(jobId); // the user asked for runs, not for a job that waits forever
        throw new SlurmJobCannotStartException(jobId, stuck.Reason);
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
