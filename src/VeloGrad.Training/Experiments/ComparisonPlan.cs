using VeloGrad.Training.Engine;
using VeloGrad.Training.Optimizers;

namespace VeloGrad.Training.Experiments;

/// <summary>A comparison: every optimizer trained from every seed with one base configuration (so each seed gives
/// every optimizer the same initial weights' seed, data order and augmentation).</summary>
public sealed record ComparisonPlan(TrainingConfig BaseConfig, IReadOnlyList<OptimizerSpec> Optimizers, IReadOnlyList<ulong> Seeds)
{
    public const string RunsFolder = "runs";

    public static readonly IReadOnlyList<string> ReferenceOptimizers = [OptimizerRegistry.VeloGradName, OptimizerRegistry.AdamName, OptimizerRegistry.SgdName];

    /// <summary>The runs in the order they are made: seed by seed, the optimizers in the given order within a seed.</summary>
    public IEnumerable<PlannedRun> Runs(string outputFolder) =>
        Seeds.SelectMany(seed => Optimizers.Select(spec => new PlannedRun(spec, seed,
            Path.Combine(outputFolder, RunsFolder, FolderName(spec), $"seed-{seed}"),
            BaseConfig with { Optimizer = spec.ToString(), Seed = seed })));

    /// <summary>A file-system-safe folder name for an optimizer spec: sgd:lr=0.05 → sgd_lr-0.05.</summary>
    public static string FolderName(OptimizerSpec spec) =>
        spec.ToString().Replace(':', '_').Replace(',', '_').Replace('=', '-').Replace('+', '-');

    public void Validate()
    {
        if (Optimizers.Count == 0) throw new ArgumentException("A comparison needs at least one optimizer.");
        if (Seeds.Count == 0) throw new ArgumentException("A comparison needs at least one seed.");
        var duplicate = Optimizers.GroupBy(o => o.ToString()).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Optimizer '{duplicate.Key}' is listed twice.");
        foreach (var o in Optimizers) OptimizerRegistry.Validate(o);
        BaseConfig.Validate();
    }
}

/// <summary>One run of a comparison plan.</summary>
public sealed record PlannedRun(OptimizerSpec Optimizer, ulong Seed, string Folder, TrainingConfig Config);
