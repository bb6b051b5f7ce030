using System.CommandLine;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary>
/// The options every experiment command (compare, tune, ablate) shares — output folder, resume, where the planned runs
/// execute, TensorBoard, the target accuracy — and the one way a plan of runs is executed with them.
/// </summary>
internal sealed class ExperimentOptions(string defaultFolder)
{
    public Option<string> Output { get; } = new("--out") { Description = "Output folder.", DefaultValueFactory = _ => defaultFolder };
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue an interrupted experiment in --out: finished runs are kept, the unfinished one resumes." };
    public Option<string?> TensorBoard { get; } = new("--tensorboard") { Description = "Also write TensorBoard event files into this folder." };

    public Option<string> Executor { get; } = CreateExecutor();

    public Option<double> Target { get; } = new("--target")
    {
        Description = "Accuracy (%) whose time to reach, in epochs and seconds, every analysis reports (the reference's 70).",
        DefaultValueFactory = _ => ComparisonAnalysis.DefaultTarget,
    };

    public ClusterExecutorOptions Cluster { get; } = new();

    private static Option<string> CreateExecutor()
    {
        var executor = new Option<string>("--executor")
        {
            Description = "Where the planned runs execute: local (here, one after another), slurm (a job array submitted with sbatch, followed until done), kubernetes (writes an Indexed Job manifest to apply).",
            DefaultValueFactory = _ => "local",
        };
        executor.AcceptOnlyFromAmong("local", "slurm", "kubernetes");
        return executor;
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Output, Resume, TensorBoard, Executor, Target }) command.Options.Add(option);
        Cluster.AddTo(command);
    }

    /// <summary>The target, checked.</summary>
    public double TargetOf(ParseResult parse) => CheckTarget(parse.GetValue(Target));

    /// <summary><paramref name="target"/> if it is an accuracy in %, else an error naming --target.</summary>
    public static double CheckTarget(double target) =>
        target is > 0 and <= 100 ? target : throw new InvalidSettingException("Target", $"The target is an accuracy in % between 0 and 100 (got {target}).");

    /// <summary>
    /// Executes <paramref name="plan"/> into <paramref name="folder"/> where --executor says, then calls
    /// <paramref name="report"/> on what completed. Returns the exit code and whether every planned run completed
    /// (a later stage may start only then).
    /// </summary>
    public (int ExitCode, bool Complete) Execute(ParseResult parse, ComparisonPlan plan, string folder, DatasetOptions data, DatasetChoice choice,
        Action<string, TextWriter> report)
    {
        var o = parse.InvocationConfiguration.Output;
        bool resuming = parse.GetValue(Resume);
        Directory.CreateDirectory(folder);
        int exit = parse.GetValue(Executor) switch
        {
            "slurm" => Cluster.ExecuteOnSlurm(parse, plan, folder, resuming, o, parse.InvocationConfiguration.Error, report),
            "kubernetes" => Cluster.WriteKubernetes(parse, plan, folder, resuming, o),
            _ => ExecuteHere(parse, plan, folder, resuming, data, choice, report),
        };
        bool complete = plan.Runs(folder).All(r => ComparisonRunner.StateOf(r) == PlannedRunState.Completed);
        return (exit, complete);
    }

    private int ExecuteHere(ParseResult parse, ComparisonPlan plan, string folder, bool resuming, DatasetOptions data, DatasetChoice choice,
        Action<string, TextWriter> report)
    {
        var o = parse.InvocationConfiguration.Output;
        using var splits = data.Load(parse, choice, plan);
        var manifest = ComparisonManifest.ForComparison(plan.BaseConfig, plan.Optimizers, plan.Seeds, splits.Train.Source,
            RunEnvironments.For(plan.BaseConfig), folder, resuming);
        string? boardFolder = parse.GetValue(TensorBoard);
        using var interrupt = new InterruptSignal();
        var runner = new ComparisonRunner((run, index, total) =>
        {
            ITrainingObserver observer = new ConsoleTrainingObserver(o, $"[{index}/{total}] {run.Optimizer.DisplayName} seed {run.Seed}");
            return boardFolder is null ? observer
                : new TensorBoardObserver(observer, boardFolder, Path.GetRelativePath(RunLayout.RunsRoot(folder), run.Folder));
        });
        var outcomes = runner.Run(plan, splits, folder, resuming, interrupt.Token);
        (manifest with { EndedAt = DateTimeOffset.UtcNow }).Save(folder);

        foreach (var failed in outcomes.Where(r => r.Status is not (RunStatus.Completed or RunStatus.Interrupted)))
            parse.InvocationConfiguration.Error.WriteLine($"warning: {failed.Run.Optimizer.DisplayName} seed {failed.Run.Seed} {SettingNames.Of(failed.Status)}: {failed.Message}");
        report(folder, o);
        if (outcomes.Any(r => r.Status == RunStatus.Interrupted))
        {
            o.WriteLine("Interrupted: finished runs are kept. Continue with the same command and --resume.");
            return TrainCommand.InterruptedExitCode;
        }
        return outcomes.All(r => r.Status == RunStatus.Completed) ? 0 : UserErrors.ExitCode;
    }
}
