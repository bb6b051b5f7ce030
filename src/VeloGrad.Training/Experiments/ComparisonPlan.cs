using VeloGrad.Training.Optimizers;

namespace VeloGrad.Training.Experiments;

/// <summary>A comparison: every optimizer trained from every seed with one base configuration (so each seed gives
/// every optimizer the same initial weights' seed, data order and augmentation).</summary>
public sealed record ComparisonPlan(TrainingConfig BaseConfig, IReadOnlyList<OptimizerSpec> Optimizers, IReadOnlyList<ulong> Seeds)
{
    /// <summary><paramref name="seedCount"/> consecutive seeds from <paramref name="firstSeed"/>, checked.</summary>
    public static ComparisonPlan Create(TrainingConfig baseConfig, IReadOnlyList<OptimizerSpec> optimizers, ulong firstSeed, int seedCount)
    {
        if (seedCount < 1) throw new InvalidSettingException("Seeds", $"A comparison needs at least one seed (got {seedCount}).");
        var plan = new ComparisonPlan(baseConfig, optimizers, [.. Enumerable.Range(0, seedCount).Select(i => firstSeed + (ulong)i)]);
        plan.Validate();
        return plan;
    }

    /// <summary>The runs in the order they are made: seed by seed, the optimizers in the given order within a seed.</summary>
    public IEnumerable<PlannedRun> Runs(string outputFolder) =>
        Seeds.SelectMany(seed => Optimizers.Select(spec => new PlannedRun(spec, seed,
            RunLayout.RunFolder(outputFolder, spec, seed), BaseConfig with { Optimizer = spec, Seed = seed })));

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(BaseConfig);
        if (Optimizers.Count == 0) throw new InvalidSettingException("Optimizers", "A comparison needs at least one optimizer.");
        if (Seeds.Count == 0) throw new InvalidSettingException("Seeds", "A comparison needs at least one seed.");
        var duplicate = Optimizers.GroupBy(o => o).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidSettingException("Optimizers", $"Optimizer '{duplicate.Key}' is listed twice.");
        foreach (var o in Optimizers) OptimizerRegistry.Validate(o);
        BaseConfig.Validate();
    }
}

/// <summary>One run of a comparison plan.</summary>
public sealed record PlannedRun(OptimizerSpec Optimizer, ulong Seed, string Folder, TrainingConfig Config);
