using System.Text.Json;

namespace VeloGrad.Runs;

/// <summary>
/// A tuning experiment, fixed before any run: for each optimizer the same grid of learning rates (and weight decays)
/// around its own default, each trial trained for <see cref="TuneEpochs"/> epochs on the tuning seeds and judged on
/// a validation split; then the final comparison at each optimizer's choice, on other seeds, on the test set.
/// Saved as OUT/tune.json; the trials live in OUT/tuning, the final runs in OUT/final.
/// </summary>
public sealed record TuningProtocol
{

    /// <summary>The protocol's defaults: 7 learning rates a factor 2 apart (1/8× … 8× each default), trials of 5 epochs on
    /// 2 seeds, a final comparison on 3 other seeds; weight decay, when tuned, at 1/10×, 1× and 10× each default.</summary>
    public const int DefaultGridPoints = 7, DefaultTuneEpochs = 5, DefaultTuneSeeds = 2, DefaultFinalSeeds = 3;

    /// <summary>The most learning rates one grid takes (each is a trial per seed).</summary>
    public const int MaxGridPoints = 101;
    public const double DefaultGridFactor = 2;
    public static IReadOnlyList<double> WeightDecayGrid { get; } = [0.1, 1, 10];

    /// <summary>The optimizers with their trials, in the order given.</summary>
    public required IReadOnlyList<TuningCandidates> Optimizers { get; init; }

    /// <summary>The learning-rate factors on each optimizer's default (default: 1/8× … 8× by factors of 2), or, with
    /// <see cref="AbsoluteRates"/>, the rates themselves, the same for every optimizer (DeepOBS's grid).</summary>
    public required IReadOnlyList<double> RateFactors { get; init; }

    /// <summary>Whether <see cref="RateFactors"/> are rates, not factors on each default.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool AbsoluteRates { get; init; }

    /// <summary>The weight-decay factors on each optimizer's default ([1]: weight decay not tuned).</summary>
    public IReadOnlyList<double> WeightDecayFactors { get; init; } = [1];

    /// <summary>The trials' configuration (their epochs, validation split, schedule; optimizer and seed aside).</summary>
    public required TrainingConfig TrialConfig { get; init; }
    public required IReadOnlyList<ulong> TuneSeeds { get; init; }

    /// <summary>The final runs' configuration (all epochs, no validation split: evaluated on the test set).</summary>
    public required TrainingConfig FinalConfig { get; init; }
    public required IReadOnlyList<ulong> FinalSeeds { get; init; }

    /// <summary><paramref name="points"/> factors spaced by <paramref name="step"/>, centred on 1: 7 and 2 give 1/8 … 8.</summary>
    public static IReadOnlyList<double> Grid(int points, double step)
    {
        if (points < 1 || points % 2 == 0) throw new InvalidSettingException(SettingKeys.GridPoints, $"The grid needs an odd number of points, centred on the default (got {points}).");
        if (points > MaxGridPoints) throw new InvalidSettingException(SettingKeys.GridPoints, $"The grid takes at most {MaxGridPoints} points (got {points:N0}); DeepOBS's own has 36.");
        if (!(step > 1) || !double.IsFinite(step)) throw new InvalidSettingException(SettingKeys.GridFactor, $"The grid's factor between points must be a number above 1 (got {step}).");
        var grid = Enumerable.Range(-(points / 2), points).Select(k => Math.Pow(step, k)).ToArray();
        // A factor so large that the grid's ends leave double's range would reach the optimizers as rates of 0 or ∞.
        if (grid.Any(f => !double.IsNormal(f)) || grid[^1] > MaxGridSpan)
            throw new InvalidSettingException(SettingKeys.GridFactor, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{step} with {points} points puts the grid's ends {(double.IsFinite(grid[^1]) ? $"{grid[^1]:G3} times" : "beyond any number of times")} above and below each default; keep them within {MaxGridSpan:G0} times (with {points} points, a factor of at most {Math.Pow(MaxGridSpan, 1.0 / Math.Max(1, points / 2)):G3})."));
        return grid;
    }

    /// <summary>The furthest a grid may reach from a default, either way: rates 10⁶ times the default or its millionth
    /// are outside anything worth a trial.</summary>
    public const double MaxGridSpan = 1e6;

    /// <summary>Every trial's optimizer spec, optimizer by optimizer.</summary>
    public IEnumerable<OptimizerSpec> TrialSpecs => Optimizers.SelectMany(o => o.Trials.Select(t => t.Spec));

    public void Validate()
    {
        if (Optimizers.Count == 0) throw new InvalidSettingException(SettingKeys.Optimizers, "Tuning needs at least one optimizer.");
        if (TuneSeeds.Count == 0) throw new InvalidSettingException(SettingKeys.TuneSeeds, "Tuning needs at least one seed.");
        if (FinalSeeds.Count == 0) throw new InvalidSettingException(SettingKeys.Seeds, "The final comparison needs at least one seed.");
        if (TuneSeeds.Intersect(FinalSeeds).Any()) throw new InvalidSettingException(SettingKeys.Seeds, "The final comparison must run on seeds the tuning did not use.");
        if (TrialConfig.ValidationSplit <= 0)
            throw new InvalidSettingException(nameof(TrainingConfig.ValidationSplit), "Tuning judges trials on a validation split, never on the test set: give a --validation-split above 0 (e.g. 0.1).");
        var counts = Optimizers.Select(o => o.Trials.Count).Distinct().ToList();
        if (counts.Count != 1) throw new InvalidOperationException("Every optimizer must get the same number of trials.");
        var twice = Optimizers.GroupBy(o => o.Base).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidSettingException(SettingKeys.Optimizers, $"Optimizer '{twice.Key}' is listed twice.");
        TrialConfig.Validate();
        FinalConfig.Validate();
    }

    public void Save(ExperimentFolder folder) => JsonRecord.Save((folder ?? throw new ArgumentNullException(nameof(folder))).TuningProtocol, this);

    public static TuningProtocol? TryLoad(ExperimentFolder folder) =>
        JsonRecord.TryLoad<TuningProtocol>((folder ?? throw new ArgumentNullException(nameof(folder))).TuningProtocol, "a tuning protocol", $"is 'outputFolder' a velograd tune output?");

    /// <summary>What differs from <paramref name="other"/>, in words (a resumed tuning must be the same one).</summary>
    public IEnumerable<string> DifferencesFrom(TuningProtocol other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Optimizers.Select(o => o.Base).SequenceEqual(other.Optimizers.Select(o => o.Base)))
            yield return $"optimizers {string.Join(" ", other.Optimizers.Select(o => o.Base))} → {string.Join(" ", Optimizers.Select(o => o.Base))}";
        if (!RateFactors.SequenceEqual(other.RateFactors) || AbsoluteRates != other.AbsoluteRates)
            yield return $"learning-rate grid {DescribeGrid(other.RateFactors)} → {DescribeGrid(RateFactors)}";
        if (!WeightDecayFactors.SequenceEqual(other.WeightDecayFactors))
            yield return $"weight-decay grid {DescribeGrid(other.WeightDecayFactors)} → {DescribeGrid(WeightDecayFactors)}";
        if (!TrialSpecs.SequenceEqual(other.TrialSpecs) && Optimizers.Select(o => o.Base).SequenceEqual(other.Optimizers.Select(o => o.Base))
            && RateFactors.SequenceEqual(other.RateFactors) && WeightDecayFactors.SequenceEqual(other.WeightDecayFactors))
            yield return "the defaults the grids are centred on (another version of velograd?)";
        if (!TuneSeeds.SequenceEqual(other.TuneSeeds)) yield return $"tuning seeds {string.Join(",", other.TuneSeeds)} → {string.Join(",", TuneSeeds)}";
        if (!FinalSeeds.SequenceEqual(other.FinalSeeds)) yield return $"final seeds {string.Join(",", other.FinalSeeds)} → {string.Join(",", FinalSeeds)}";
        foreach (var d in TrialConfig.RunDifferencesFrom(other.TrialConfig with { Optimizer = TrialConfig.Optimizer, Seed = TrialConfig.Seed })) yield return "trials: " + d;
        foreach (var d in FinalConfig.RunDifferencesFrom(other.FinalConfig with { Optimizer = FinalConfig.Optimizer, Seed = FinalConfig.Seed })) yield return "final runs: " + d;
    }

    /// <summary>"×0.125 … ×8 (7 points)", or the one factor of an untuned grid.</summary>
    private static string DescribeGrid(IReadOnlyList<double> factors) => factors.Count == 1
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"×{factors[0]:G4} (not tuned)")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"×{factors[0]:G4} … ×{factors[^1]:G4} ({factors.Count} points)");
}

/// <summary>One optimizer's trials: its spec as given, its default rate and weight decay, and the grid around them.</summary>
public sealed record TuningCandidates(OptimizerSpec Base, double DefaultRate, double DefaultWeightDecay, IReadOnlyList<TuningTrial> Trials)
{
    /// <summary>The trials of <paramref name="baseSpec"/>: every rate factor × every weight-decay factor; with
    /// <paramref name="absoluteRates"/>, <paramref name="rateFactors"/> are the rates themselves.</summary>
    public static TuningCandidates Of(OptimizerSpec baseSpec, double defaultRate, double defaultWeightDecay,
        IReadOnlyList<double> rateFactors, IReadOnlyList<double> weightDecayFactors, bool absoluteRates = false)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        var trials = new List<TuningTrial>();
        foreach (double w in weightDecayFactors)
            foreach (double r in rateFactors)
            {
                double rate = absoluteRates ? r : defaultRate * r;
                var spec = baseSpec.With(OptimizerCatalog.RateKey, rate);
                if (weightDecayFactors.Count > 1) spec = spec.With(OptimizerCatalog.WeightDecayKey, defaultWeightDecay * w);
                trials.Add(new TuningTrial(spec, rate, defaultWeightDecay * w, rate / defaultRate, w));
            }
        return new TuningCandidates(baseSpec, defaultRate, defaultWeightDecay, trials);
    }
}

/// <summary>One point of an optimizer's grid.</summary>
public sealed record TuningTrial(OptimizerSpec Spec, double Rate, double WeightDecay, double RateFactor, double WeightDecayFactor);
