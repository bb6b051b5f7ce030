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
/// Runs a plan's unfinished runs as a Slurm job array: OUT/slurm/runs.sbatch has one task per run index,
/// each executing <c>velograd execute OUT --index i</c> (idempotent: finished runs are skipped, unfinished ones
/// resume), submitted with sbatch, recorded in OUT/slurm/job.json and followed with squeue until no run of it is
/// queued (or handed off at once without <paramref name="wait"/>). While that job lives, executing the plan again
/// follows it; once it is gone, only what is unfinished is submitted.
/// </summary>
/// <param name="velogradCommand">How a task starts velograd (a path, or "dotnet path/VeloGrad.Cli.dll").</param>
/// <param name="say">Where the executor says what it does (submissions, progress).</param>
public sealed class SlurmExecutor(string velogradCommand, SlurmOptions options, bool wait, Action<string> say) : IPlanExecutor
{
    /// <summary>How often the queue is read while following a job.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <exception cref="SlurmJobCannotStartException">Slurm will never start the job; it is cancelled.</exception>
    /// <exception cref="RunFolderConflictException">An earlier job of the folder is live and this is not a resume.</exception>
    public PlanExecution Execute(RunPlan plan, ExperimentFolder folder, bool resume, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        var earlier = SlurmSubmission.TryLoad(folder);
        var live = earlier is null ? 0 : SlurmQueue.Tasks(earlier.JobId).Count;
        if (live > 0 && !resume)
            throw new RunFolderConflictException($"'{folder}' has Slurm job {earlier!.JobId} still queued or running ({live} of its runs)", FolderRemedy.Resume | FolderRemedy.OtherFolder);
        string dataset = plan.BaseConfig.Dataset; // read by the tasks, where they run
        SlurmSubmission job;
        if (live > 0)
        {
            job = earlier!;
            say($"Slurm job {job.JobId}, submitted {job.SubmittedAt:u} for this folder, still holds {live} of its {job.Indices.Count} runs: following it instead of submitting them again.");
        }
        else
        {
            var todo = RunFolderStates.Unfinished(plan, folder);
            if (todo.Count == 0)
            {
                say("Every planned run is finished.");
                return new PlanExecution(PlanOutcome.Completed, dataset, []);
            }
            string script = WriteScript(folder, todo);
            job = new SlurmSubmission(SlurmQueue.Submit(script), todo, DateTimeOffset.UtcNow);
            job.Save(folder);
            say($"Submitted Slurm job {job.JobId}: {todo.Count} of {plan.Optimizers.Count * plan.Seeds.Count} runs ({script}); logs in {folder.SlurmLogs}.");
        }
        if (!wait)
        {
            // A job that can never start usually says so within a scheduling cycle: look briefly before leaving it.
            for (int i = 0; i < 3 && !cancel.IsCancellationRequested; i++)
            {
                RefuseIfItCanNeverStart(job.JobId, SlurmQueue.Tasks(job.JobId));
                cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            }
            say($"Not waiting: follow it with squeue -j {job.JobId}; the same command with --resume follows it and reports (and submits what is unfinished once it is gone).");
            return new PlanExecution(PlanOutcome.HandedOff, dataset, []);
        }
        var progress = Follow(job, plan, folder, cancel);
        var runs = plan.Runs(folder.Path).ToList();
        var warnings = progress.Failed
            .Select(i => $"run {i} ({runs[i].Optimizer.DisplayName} seed {runs[i].Seed}) did not complete; its log: {folder.SlurmLog(i, job.JobId)}").ToList();
        if (!progress.Done)
        {
            say($"Stopped following job {job.JobId}; it goes on. The same command with --resume follows it again.");
            return new PlanExecution(PlanOutcome.Interrupted, dataset, warnings);
        }
        return new PlanExecution(PlanExecution.Ended(plan, folder), dataset, warnings);
    }

    /// <summary>Writes the array job for <paramref name="indices"/>; returns its path.</summary>
    public string WriteScript(ExperimentFolder folder, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0) throw new ArgumentException("No run to submit.", nameof(indices));
        string path = Path.GetFullPath(folder.Path);
        // #SBATCH values are double-quoted, so spaces are safe; a quote, a newline or Slurm's own % and \ are not.
        if (path.IndexOfAny(['"', '\n', '\r', '%', '\\']) is int bad and >= 0)
            throw new ArgumentException($"The output folder '{path}' holds '{path[bad]}', which a Slurm batch script cannot quote: choose an output folder without \", %, \\ or line breaks for --executor slurm.");
        Directory.CreateDirectory(folder.SlurmLogs);
        var c = CultureInfo.InvariantCulture;
        var script = new StringBuilder("#!/bin/bash\n");
        script.Append(c, $"#SBATCH --job-name=\"velograd-{Path.GetFileName(path)}\"\n");
        script.Append(c, $"#SBATCH --array={string.Join(',', indices)}{(options.Parallel is int p ? $"%{p}" : "")}\n");
        script.Append(c, $"#SBATCH --output=\"{folder.SlurmLogPattern}\"\n");
        script.Append(c, $"#SBATCH --cpus-per-task={options.CpusPerTask}\n");
        if (options.Partition is { } partition) script.Append(c, $"#SBATCH --partition={partition}\n");
        if (options.Time is { } time) script.Append(c, $"#SBATCH --time={time}\n");
        if (options.Gpus is { } gpus) script.Append(c, $"#SBATCH --gpus={gpus}\n");
        foreach (var extra in options.Extra) script.Append(c, $"#SBATCH {extra}\n");
        // libtorch starts a compute thread per core it sees, which on a node without CPU binding is every core: tasks
        // sharing the node would wait on each other's threads (10-20x slower measured). A task computes on its CPUs
        // unless the submitting shell chose otherwise (sbatch passes its environment on).
        script.Append("export OMP_NUM_THREADS=\"${OMP_NUM_THREADS:-$SLURM_CPUS_PER_TASK}\"\n");
        script.Append("# One planned run per task; executing a finished run does nothing, an unfinished one resumes.\n");
        script.Append(c, $"exec {velogradCommand} execute {Quote(path)} --index \"$SLURM_ARRAY_TASK_ID\"\n");
        AtomicFile.WriteAllText(folder.SlurmScript, script.ToString());
        return folder.SlurmScript;
    }

    private static SlurmProgress Progress(SlurmSubmission job, RunPlan plan, ExperimentFolder folder, IReadOnlyDictionary<int, QueuedTask> queued)
    {
        var runs = plan.Runs(folder.Path).ToList();
        int finished = 0, running = 0, pending = 0;
        var failed = new List<int>();
        foreach (int i in job.Indices)
        {
            if (queued.TryGetValue(i, out var task))
            {
                if (task.IsRunning) running++;
                else pending++;
            }
            else if (RunFolderStates.StateOf(runs[i]) == PlannedRunState.Completed) finished++;
            else failed.Add(i);
        }
        var reasons = queued.Values.Where(t => !t.IsRunning && t.Reason is not ("" or "None")).Select(t => t.Reason).Distinct().Order(StringComparer.Ordinal).ToList();
        return new SlurmProgress(job.Indices.Count, finished, running, pending, failed) { PendingReasons = reasons };
    }

    /// <summary>Polls until no run of the job is queued (or <paramref name="cancel"/>), saying each change.</summary>
    /// <exception cref="SlurmJobCannotStartException">Slurm will never start the job; it is cancelled.</exception>
    private SlurmProgress Follow(SlurmSubmission job, RunPlan plan, ExperimentFolder folder, CancellationToken cancel)
    {
        string? last = null;
        while (true)
        {
            var queued = SlurmQueue.Tasks(job.JobId);
            RefuseIfItCanNeverStart(job.JobId, queued);
            var progress = Progress(job, plan, folder, queued);
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
