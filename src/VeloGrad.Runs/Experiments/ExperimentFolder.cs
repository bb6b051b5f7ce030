using System.Globalization;

namespace VeloGrad.Runs;

/// <summary>
/// An experiment's output folder and every name in it — the one place they are written:
/// <code>
/// OUT/plan.json           the plan (base configuration, optimizers, seeds, data), checked on --resume
/// OUT/manifest.json       how it was made (command line, versions, machine, commit, start and end)
/// OUT/runs/OPT/seed-N/    one run each: history.json/.csv, checkpoint.bin while unfinished (RunLayout)
/// OUT/slurm/              runs.sbatch, job.json (the live job), logs/run-I.job-J.out
/// OUT/kubernetes/job.json an Indexed Job, one completion per planned run
/// OUT/comparison.*, analysis.*, ablation.*   the reports, rebuilt by velograd report
/// OUT/tune.json, OUT/tuning/, OUT/final/, OUT/tuning.*   a tuning: its protocol, two experiments and its report
/// OUT/benchmark-plan.json, OUT/WORKLOAD/, OUT/benchmark.*   a benchmark: its plan, an experiment per workload, its report
/// </code>
/// </summary>
public sealed record ExperimentFolder
{
    public ExperimentFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    public string Path { get; }

    public const string PlanFileName = "plan.json", ManifestFileName = "manifest.json", TuningProtocolFileName = "tune.json",
        BenchmarkPlanFileName = "benchmark-plan.json";
    public const string TuningFolderName = "tuning", FinalFolderName = "final", SlurmFolderName = "slurm", KubernetesFolderName = "kubernetes";

    public string Plan => Combine(PlanFileName);
    public string Manifest => Combine(ManifestFileName);
    public string TuningProtocol => Combine(TuningProtocolFileName);
    public string BenchmarkPlan => Combine(BenchmarkPlanFileName);

    /// <summary>A benchmark's workload: an experiment of its own.</summary>
    public ExperimentFolder Workload(string name) => new(Combine(name));

    /// <summary>OUT/runs: the run folders, laid out as <see cref="RunLayout"/> says.</summary>
    public string Runs => RunLayout.RunsRoot(Path);

    public string RunFolder(OptimizerSpec spec, ulong seed) => RunLayout.RunFolder(Path, spec, seed);

    /// <summary>A tuning's trials: an experiment of their own.</summary>
    public ExperimentFolder Tuning => new(Combine(TuningFolderName));

    /// <summary>A tuning's final comparison: an experiment of its own.</summary>
    public ExperimentFolder Final => new(Combine(FinalFolderName));

    public string SlurmFolder => Combine(SlurmFolderName);
    public string SlurmScript => Combine(SlurmFolderName, "runs.sbatch");
    public string SlurmJob => Combine(SlurmFolderName, "job.json");
    public string SlurmLogs => System.IO.Path.Combine(System.IO.Path.GetFullPath(Path), SlurmFolderName, "logs");

    /// <summary>Slurm's pattern for the logs of a job's tasks (%a: the run's index, %A: the job).</summary>
    public string SlurmLogPattern => System.IO.Path.Combine(SlurmLogs, "run-%a.job-%A.out");

    /// <summary>The log of run <paramref name="index"/> in job <paramref name="jobId"/>: each submission writes its own.</summary>
    public string SlurmLog(int index, string jobId) =>
        System.IO.Path.Combine(SlurmLogs, $"run-{index.ToString(CultureInfo.InvariantCulture)}.job-{jobId}.out");

    public string KubernetesJob => Combine(KubernetesFolderName, "job.json");

    /// <summary>The comparison's table (comparison.md/.csv, for people and programs) and figure (comparison.png).</summary>
    public const string ComparisonTableMarkdown = "comparison.md", ComparisonTableCsv = "comparison.csv", ComparisonFigure = "comparison.png",
        DifferenceFigure = "differences.png";

    /// <summary>The comparison's statistics: analysis.md and analysis.json (its figure is the comparison's).</summary>
    public const string ComparisonAnalysisMarkdown = "analysis.md", ComparisonAnalysisJson = "analysis.json";

    /// <summary>A tuning's report: tuning.md/.json/.png.</summary>
    public static AnalysisFiles TuningReport { get; } = new("tuning");

    /// <summary>An ablation's report: ablation.md/.json/.png.</summary>
    public static AnalysisFiles AblationReport { get; } = new("ablation");

    /// <summary>A benchmark's judgement across its workloads: benchmark.md/.json/.png.</summary>
    public static AnalysisFiles BenchmarkReport { get; } = new("benchmark");

    /// <summary>A report file of the experiment (comparison.md, ablation.png, …).</summary>
    public string Report(string fileName) => Combine(fileName);

    /// <summary>Whether this is a tuning (a protocol, a tuning/ and a final/ experiment) rather than a plain one.</summary>
    public bool IsTuning => File.Exists(TuningProtocol);

    /// <summary>Whether this is a benchmark (benchmark-plan.json and an experiment per workload).</summary>
    public bool IsBenchmark => File.Exists(BenchmarkPlan);

    public override string ToString() => Path;

    private string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
}
