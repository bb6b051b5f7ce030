namespace VeloGrad.Runs;

/// <summary>The runs of one experiment stage (a comparison, an ablation, one stage of tuning or of a benchmark): every
/// optimizer trained from every seed with one base configuration (so each seed gives every optimizer the same initial
/// weights' seed, data order and augmentation).</summary>
public sealed record RunPlan(TrainingConfig BaseConfig, IReadOnlyList<OptimizerSpec> Optimizers, IReadOnlyList<ulong> Seeds)
{
    /// <summary>Where the data was found when the plan was made; a run executed elsewhere may name other folders.</summary>
    public DataLocation Data { get; init; } = new(null, null);

    /// <summary>The seed the dataset is loaded with (it draws the synthetic set), when not the first seed: an experiment
    /// of several plans (tuning, then the final runs) loads one dataset for all of them.</summary>
    public ulong? DatasetSeed { get; init; }

    /// <summary>The seed the dataset is loaded with, for every run: <see cref="DatasetSeed"/>, else the first seed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ulong DataSeed => DatasetSeed ?? Seeds[0];

    /// <summary><paramref name="seedCount"/> consecutive seeds from <paramref name="firstSeed"/>, checked.</summary>
    public static RunPlan Create(TrainingConfig baseConfig, IReadOnlyList<OptimizerSpec> optimizers, ulong firstSeed, int seedCount)
    {
        var plan = new RunPlan(baseConfig, optimizers, ExperimentSeeds.Consecutive(firstSeed, seedCount, SettingKeys.Seeds, "A comparison"));
        plan.Validate();
        return plan;
    }

    /// <summary>The runs in the order they are made: seed by seed, the optimizers in the given order within a seed.</summary>
    public IEnumerable<PlannedRun> Runs(string outputFolder) =>
        Seeds.SelectMany(seed => Optimizers.Select(spec => new PlannedRun(spec, seed,
            RunLayout.RunFolder(outputFolder, spec, seed), BaseConfig with { Optimizer = spec, Seed = seed })));

    /// <summary>Writes OUT/plan.json: the base configuration, optimizers and seeds, so that a resume can check them.</summary>
    public void Save(ExperimentFolder folder) => JsonRecord.Save((folder ?? throw new ArgumentNullException(nameof(folder))).Plan, this);

    public static RunPlan? TryLoad(ExperimentFolder folder) =>
        JsonRecord.TryLoad<RunPlan>((folder ?? throw new ArgumentNullException(nameof(folder))).Plan, "an experiment's plan", "is the folder a velograd compare, ablate, tune or benchmark output?");

    /// <summary>What differs from <paramref name="other"/>, in words.</summary>
    public IEnumerable<string> DifferencesFrom(RunPlan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = BaseConfig with { Optimizer = Optimizers[0] };
        var theirs = other.BaseConfig with { Optimizer = Optimizers[0] };
        foreach (var d in mine.RunDifferencesFrom(theirs)) yield return d;
        if (!Optimizers.SequenceEqual(other.Optimizers)) yield return $"optimizers {string.Join(" ", other.Optimizers)} → {string.Join(" ", Optimizers)}";
        if (!Seeds.SequenceEqual(other.Seeds)) yield return $"seeds {string.Join(",", other.Seeds)} → {string.Join(",", Seeds)}";
    }

    /// <summary>Checks the plan's shape (each optimizer spec was checked when parsed; how its settings combine is
    /// checked by its recipe, where the runs are made).</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(BaseConfig);
        if (Optimizers.Count == 0) throw new InvalidSettingException(SettingKeys.Optimizers, "A comparison needs at least one optimizer.");
        if (Seeds.Count == 0) throw new InvalidSettingException(SettingKeys.Seeds, "A comparison needs at least one seed.");
        var duplicate = Optimizers.GroupBy(o => o).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidSettingException(SettingKeys.Optimizers, $"Optimizer '{duplicate.Key}' is listed twice.");
        BaseConfig.Validate();
    }
}

/// <summary>The folders the data comes from (null: the defaults, $VELOGRAD_DATA or ./data, and Debian's Fashion-MNIST).</summary>
public sealed record DataLocation(string? Root, string? FashionMnistFolder);

/// <summary>One run of a plan.</summary>
public sealed record PlannedRun(OptimizerSpec Optimizer, ulong Seed, string Folder, TrainingConfig Config);
