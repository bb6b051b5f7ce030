using System.CommandLine;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary>The options of <c>--executor slurm|kubernetes</c>, read into the executor they configure.</summary>
internal sealed class ClusterExecutorOptions
{
    public Option<string?> Partition { get; } = new("--slurm-partition") { Description = "Slurm partition (sbatch --partition)." };
    public Option<string?> Time { get; } = new("--slurm-time") { Description = "Wall time per run (sbatch --time, e.g. 02:00:00)." };
    public Option<int> Cpus { get; } = new("--slurm-cpus") { Description = "CPUs per run (sbatch --cpus-per-task; with --executor kubernetes, each pod's CPU request), and the libtorch compute threads it runs on.", DefaultValueFactory = _ => 2 };
    public Option<string?> Gpus { get; } = new("--slurm-gpus") { Description = "GPUs per run (sbatch --gpus, e.g. 1)." };
    public Option<int?> Parallel { get; } = new("--parallel") { Description = "At most this many runs at once (Slurm array %P; Kubernetes parallelism)." };
    public Option<string[]> Extra { get; } = new("--slurm-option") { Description = "Another sbatch option for every run, e.g. --slurm-option=--account=abc (repeatable)." };
    public Option<bool> NoWait { get; } = new("--no-wait") { Description = "Submit and return; run the same command with --resume later to follow it and report." };
    public Option<string?> Image { get; } = new Option<string?>("--k8s-image") { Description = "Container image with velograd on its PATH (--executor kubernetes)." }.Sets(SettingKeys.KubernetesImage);
    public Option<string?> Claim { get; } = new Option<string?>("--k8s-volume-claim") { Description = "PersistentVolumeClaim that holds the output folder, mounted at /results (--executor kubernetes)." }.Sets(SettingKeys.KubernetesVolumeClaim);

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

    public SlurmExecutor Slurm(ParseResult parse, Action<string> say) => new(VelogradInvocation.Current(), new SlurmOptions
    {
        Partition = parse.GetValue(Partition), Time = parse.GetValue(Time), CpusPerTask = parse.GetValue(Cpus),
        Gpus = parse.GetValue(Gpus), Parallel = parse.GetValue(Parallel), Extra = parse.GetValue(Extra) ?? [],
    }, wait: !parse.GetValue(NoWait), say);

    public KubernetesExecutor Kubernetes(ParseResult parse, Action<string> say) => new(
        CheckedImage(parse.GetValue(Image) ?? throw new InvalidSettingException(SettingKeys.KubernetesImage, "--executor kubernetes needs a container image with velograd on its PATH.")),
        CheckedClaim(parse.GetValue(Claim) ?? throw new InvalidSettingException(SettingKeys.KubernetesVolumeClaim, "--executor kubernetes needs the PersistentVolumeClaim that holds the output folder.")),
        parse.GetValue(Parallel), parse.GetValue(Cpus), say);

    /// <summary>A claim's name as Kubernetes takes it (a DNS subdomain: lowercase letters, digits, '-' and '.', a letter
    /// or digit at both ends, at most 253 characters): a wrong one would be found only when the job is applied.</summary>
    private static string CheckedClaim(string claim) =>
        claim.Length <= 253 && System.Text.RegularExpressions.Regex.IsMatch(claim, "^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$") ? claim
            : throw new InvalidSettingException(SettingKeys.KubernetesVolumeClaim, $"'{claim}' is not a PersistentVolumeClaim's name: Kubernetes names are lowercase letters, digits, '-' and '.', beginning and ending with a letter or digit (kubectl get pvc lists yours).");

    /// <summary>An image reference as a container runtime takes it: no spaces or control characters, no scheme, and a
    /// name that starts with a letter or digit ([registry/]name[:tag][@digest]).</summary>
    private static string CheckedImage(string image) =>
        System.Text.RegularExpressions.Regex.IsMatch(image, @"^[a-z0-9][A-Za-z0-9._\-/:@]*$") && !image.Contains("://", StringComparison.Ordinal) ? image
            : throw new InvalidSettingException(SettingKeys.KubernetesImage, $"'{image}' is not a container image reference: give [registry/]name[:tag], e.g. ghcr.io/you/velograd:1.0 (lowercase name, no spaces, no scheme).");
}
