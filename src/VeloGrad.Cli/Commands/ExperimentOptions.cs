using System.CommandLine;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary>
/// The options every experiment command (compare, tune, ablate, benchmark) shares — output folder, resume, where the planned runs
/// execute, TensorBoard, the target (an accuracy, or for a model judged by its loss a loss) — read into typed settings and the executor they name.
/// </summary>
internal sealed class ExperimentOptions(string defaultFolder)
{
    public Option<string> Output { get; } = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => defaultFolder }.Sets(SettingKeys.Output);
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue an interrupted experiment in --out: finished runs are kept, the unfinished one resumes." };
    public Option<string?> TensorBoard { get; } = new("--tensorboard") { Description = "Also write TensorBoard event files into this folder." };

    public Option<string> Executor { get; } = CreateExecutor();

    private const string LocalExecutorName = "local", SlurmExecutorName = "slurm", KubernetesExecutorName = "kubernetes";

    public Option<double> Target { get; } = new Option<double>("--target")
    {
        Description = "Accuracy (%) whose time to reach, in epochs and seconds, every analysis reports (the reference's 70); for a model judged by its loss (vae, quadratic-deep), the loss to get under, which must be given.",
        DefaultValueFactory = _ => ComparisonAnalysis.DefaultTarget,
    }.Sets(SettingKeys.Target);

    public ClusterExecutorOptions Cluster { get; } = new();

    private static Option<string> CreateExecutor()
    {
        var executor = new Option<string>("--executor")
        {
            Description = "Where the planned runs execute: local (here, one after another), slurm (a job array submitted with sbatch, followed until done), kubernetes (writes an Indexed Job manifest to apply).",
            DefaultValueFactory = _ => LocalExecutorName,
        };
        executor.AcceptOnlyFromAmong(LocalExecutorName, SlurmExecutorName, KubernetesExecutorName);
        return executor;
    }

    /// <param name="withTarget">Whether the command takes --target (a benchmark's targets are its workloads').</param>
    public void AddTo(Command command, bool withTarget = true)
    {
        foreach (var option in new Option[] { Output, Resume, TensorBoard, Executor }) command.Options.Add(option);
        if (withTarget) command.Options.Add(Target);
        Cluster.AddTo(command);
    }

    /// <summary>The target for runs judged by <paramref name="metric"/>, checked.</summary>
    public double TargetOf(ParseResult parse, WorkloadMetric metric) => CheckTarget(parse, Target, metric);

    /// <summary>The value of a --target option for runs judged by <paramref name="metric"/>: an accuracy in % (default
    /// the reference's 70), or, for a model judged by its loss, a loss to get under that the user gave (70 % means
    /// nothing there); else an error naming --target and what to give.</summary>
    public static double CheckTarget(ParseResult parse, Option<double> option, WorkloadMetric metric)
    {
        ArgumentNullException.ThrowIfNull(parse);
        double target = parse.GetValue(option);
        if (metric == WorkloadMetric.Accuracy)
            return target is > 0 and <= 100 ? target : throw new InvalidSettingException(SettingKeys.Target, $"The target is an accuracy in % between 0 and 100 (got {target}).");
        if (parse.GetResult(option) is not { Implicit: false })
            throw new InvalidSettingException(SettingKeys.Target, "These runs are judged by their loss, which has no default target: give --target, the loss to get under (the benchmark's quick targets: 80 for vae, 110 for quadratic-deep).");
        return double.IsFinite(target) ? target : throw new InvalidSettingException(SettingKeys.Target, $"The target is a loss to get under, a finite number (got {target}).");
    }

    /// <summary>The executor --executor names, configured by the other options.</summary>
    public IPlanExecutor ExecutorFor(ParseResult parse, DataLocation data)
    {
        var o = parse.InvocationConfiguration.Output;
        string? boardFolder = parse.GetValue(TensorBoard);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        return parse.GetValue(Executor) switch
        {
            SlurmExecutorName => Cluster.Slurm(parse, o.WriteLine),
            KubernetesExecutorName => Cluster.Kubernetes(parse, o.WriteLine),
            _ => new LocalExecutor((run, index, total) =>
            {
                ITrainingObserver observer = new ConsoleTrainingObserver(o, $"[{index}/{total}] {run.Optimizer.DisplayName} seed {run.Seed}", shown);
                return boardFolder is null ? observer
                    : new TensorBoardObserver(observer, boardFolder, RunName(run.Folder));
            }) { Data = data },
        };
    }

    /// <summary>A run's name in TensorBoard: its folder below runs/ (optimizer/seed-N).</summary>
    private static string RunName(string runFolder) =>
        Path.Combine(Path.GetFileName(Path.GetDirectoryName(runFolder)!), Path.GetFileName(runFolder));
}
