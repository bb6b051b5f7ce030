using System.CommandLine;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary>The options and flow of <c>compare --executor slurm|kubernetes</c>: the plan's unfinished runs as a
/// Slurm job array (submitted, followed, reported), or a Kubernetes Indexed Job manifest to apply.</summary>
internal sealed class ClusterExecutorOptions
{
    public Option<string?> Partition { get; } = new("--slurm-partition") { Description = "Slurm partition (sbatch --partition)." };
    public Option<string?> Time { get; } = new("--slurm-time") { Description = "Wall time per run (sbatch --time, e.g. 02:00:00)." };
    public Option<int> Cpus { get; } = new("--slurm-cpus") { Description = "CPUs per run (sbatch --cpus-per-task).", DefaultValueFactory = _ => 2 };
    public Option<string?> Gpus { get; } = new("--slurm-gpus") { Description = "GPUs per run (sbatch --gpus, e.g. 1)." };
    public Option<int?> Parallel { get; } = new("--parallel") { Description = "At most this many runs at once (Slurm array %P; Kubernetes parallelism)." };
    public Option<string[]> Extra { get; } = new("--slurm-option") { Description = "Another sbatch option for every run, e.g. --slurm-option=--account=abc (repeatable)." };
    public Option<bool> NoWait { get; } = new("--no-wait") { Description = "Submit and return; run the same command with --resume later to follow it and report." };
    public Option<string?> Image { get; } = new("--k8s-image") { Description = "Container image with velograd on its PATH (--executor kubernetes)." };
    public Option<string?> Claim { get; } = new("--k8s-volume-claim") { Description = "PersistentVolumeClaim that holds the output folder, mounted at /results (--executor kubernetes)." };

    public ClusterExecutorOptions()
    {
        // Checked here, before anything is written: a scheduler takes 0 CPUs or an array limit of %0 without a word.
        OptionParsing.RequireAtLeastOne(Cpus, "each run needs at least 1 CPU.");
        OptionParsing.RequireAtLeastOne(Parallel, "at least 1 run must be allowed at once (leave it out for no limit).");
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Partition, Time, Cpus, Gpus, Parallel, Extra, NoWait, Image, Claim }) command.Options.Add(option);
    }

    /// <summary>Submits the plan's unfinished runs as a Slurm job array (or follows the folder's live one) and follows
    /// it; then <paramref name="report"/>.</summary>
    public int ExecuteOnSlurm(ParseResult parse, ComparisonPlan plan, string folder, bool resume, TextWriter o, TextWriter error, Action<string, TextWriter> report)
    {
        var manifest = ComparisonManifest.ForComparison(plan.BaseConfig, plan.Optimizers, plan.Seeds, plan.BaseConfig.Dataset,
            RunEnvironments.For(plan.BaseConfig), folder, resume);
        var executor = new SlurmExecutor(VelogradInvocation.Current(), new SlurmOptions
        {
            Partition = parse.GetValue(Partition), Time = parse.GetValue(Time), CpusPerTask = parse.GetValue(Cpus),
            Gpus = parse.GetValue(Gpus), Parallel = parse.GetValue(Parallel), Extra = parse.GetValue(Extra) ?? [],
        });
        bool wait = !parse.GetValue(NoWait);
        using var interrupt = new InterruptSignal();
        SlurmExecution execution;
        try
        {
            execution = executor.Execute(plan, folder, resume, wait, o.WriteLine, interrupt.Token);
        }
        catch (SlurmJobCannotStartException e)
        {
            error.WriteLine($"error: {e.Message} Ask for less per run (--slurm-cpus, --slurm-gpus, --slurm-time) or choose another --slurm-partition, then run the same command with --resume.");
            return UserErrors.ExitCode;
        }
        if (execution.Job is { } job && execution.Progress is null)
        {
            manifest.Save(folder);
            o.WriteLine($"Not waiting: follow it with squeue -j {job.JobId}; the same command with --resume follows it and reports (and submits what is unfinished once it is gone).");
            return 0;
        }
        var runs = plan.Runs(folder).ToList();
        if (execution is { Job: { } followed, Progress: { } progress })
        {
            foreach (int i in progress.Failed)
                error.WriteLine($"warning: run {i} ({runs[i].Optimizer.DisplayName} seed {runs[i].Seed}) did not complete; its log: {SlurmExecutor.LogPath(folder, i, followed.JobId)}");
            if (!progress.Done)
            {
                o.WriteLine($"Stopped following job {followed.JobId}; it goes on. The same command with --resume follows it again.");
                return TrainCommand.InterruptedExitCode;
            }
        }
        (manifest with { EndedAt = DateTimeOffset.UtcNow }).Save(folder);
        report(folder, o);
        return runs.All(r => ComparisonRunner.StateOf(r) == PlannedRunState.Completed) ? 0 : UserErrors.ExitCode;
    }

    public int WriteKubernetes(ParseResult parse, ComparisonPlan plan, string folder, bool resume, TextWriter o)
    {
        string image = parse.GetValue(Image) ?? throw new ArgumentException("--executor kubernetes needs --k8s-image: a container image with velograd on its PATH.");
        string claim = parse.GetValue(Claim) ?? throw new ArgumentException("--executor kubernetes needs --k8s-volume-claim: the PersistentVolumeClaim that holds the output folder.");
        ComparisonRunner.Prepare(plan, folder, resume);
        string path = KubernetesManifest.Write(plan, folder, image, claim, parse.GetValue(Parallel), parse.GetValue(Cpus));
        o.WriteLine($"Wrote {path}: copy {folder} onto the volume {claim}, then kubectl apply -f {path}; when the job is done, velograd report on the folder.");
        return 0;
    }
}
