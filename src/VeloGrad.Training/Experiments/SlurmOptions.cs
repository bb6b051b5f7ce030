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
