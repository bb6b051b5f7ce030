using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Tuning;

/// <summary>
/// What the tuning trials say: for each optimizer, every grid point's final validation metric over the tuning seeds
/// (accuracy; for a model that is its own loss, that loss), the choice (the best mean: the highest accuracy or the
/// lowest loss; ties go to the lower rate, then the lower weight decay; a point where a seed diverged or is missing
/// cannot be chosen) and the budget it used. Only validation-split figures are read.
/// </summary>
public sealed record TuningAnalysis(string EvaluatedOn, int TuneEpochs, IReadOnlyList<ulong> TuneSeeds, double ValidationSplit,
    string Schedule, IReadOnlyList<TuningAnalysis.OptimizerTuning> Optimizers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] WorkloadMetric Metric = WorkloadMetric.Accuracy)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>One optimizer's grid and choice.</summary>
    public sealed record OptimizerTuning(string Optimizer, OptimizerSpec BaseSpec, double DefaultRate, double DefaultWeightDecay,
        IReadOnlyList<TrialResult> Trials, bool ChosenAtGridEdge, TuningBudget Budget)
    {
        [JsonIgnore] public TrialResult? Chosen => Trials.FirstOrDefault(t => t.IsChosen);

        /// <summary>The chosen trial's spec, rate and weight decay (null: no choice yet), for readers of tuning.json.</summary>
        public OptimizerSpec? ChosenSpec => Chosen?.Spec;
        public double? ChosenRate => Chosen?.Rate;
        public double? ChosenWeightDecay => Chosen?.WeightDecay;
    }

    /// <summary>One grid point over the tuning seeds (the metric at the last epoch, on the validation split: accuracies
    /// in %, or losses).</summary>
    public sealed record TrialResult(OptimizerSpec Spec, double Rate, double WeightDecay, double RateFactor, double WeightDecayFactor,
        IReadOnlyList<ulong> Seeds, IReadOnlyList<double> ValidationMetric, double? Mean, double? StandardDeviation,
        int Diverged, int Missing, bool IsChosen)
    {
        [JsonIgnore] public bool Eligible => Diverged == 0 && Missing == 0 && Mean is not null;
    }

    /// <summary>What one optimizer's tuning cost: trials, runs, epochs trained and seconds.</summary>
    public sealed record TuningBudget(int Trials, int Runs, int Epochs, double Seconds);

    /// <summary>Whether every optimizer has a choice (every trial ended, at least one eligible).</summary>
    [JsonIgnore] public bool Complete => Ended && Optimizers.All(o => o.ChosenSpec is not null);

    /// <summary>Whether every trial has ended: completed, or diverged (a run that failed otherwise is still to run).</summary>
    [JsonIgnore] public bool Ended => Optimizers.All(o => o.Trials.All(t => t.Missing == 0));

    /// <summary>The analysis of the trials in a velograd tune folder (its tuning/ runs), or null before any trial ended.</summary>
    public static TuningAnalysis? Load(TuningProtocol protocol, string experimentFolder)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var tuning = new ExperimentFolder(experimentFolder).Tuning;
        if (!Directory.Exists(tuning.Runs)) return null;
        var trials = ComparisonSet.Load([tuning.Path]);
        return trials.Optimizers.Count == 0 && trials.Unfinished.Count == 0 ? null : Of(protocol, trials);
    }

    public static TuningAnalysis Of(TuningProtocol protocol, ComparisonSet trials)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(trials);
        var completed = trials.Optimizers.SelectMany(o => o.Runs).ToList();
        if (completed.FirstOrDefault(r => r.History.EvaluatedOn != TrainingConfig.ValidationSplitName) is { } leak)
            throw new InvalidDataException($"The tuning run '{leak.Folder}' was evaluated on the {leak.History.EvaluatedOn} set: tuning reads only validation-split figures.");
        // A diverged trial has ended (its point cannot be chosen); one that failed for another reason is still to run.
        var ended = trials.Unfinished.Where(r => r.History.Status == RunStatus.Diverged).ToList();
        var metric = ModelCatalog.MetricOf(protocol.TrialConfig.Model);
        return new TuningAnalysis(TrainingConfig.ValidationSplitName, protocol.TrialConfig.Epochs, protocol.TuneSeeds, protocol.TrialConfig.ValidationSplit,
            SettingNames.Of(protocol.TrialConfig.Schedule),
            [.. protocol.Optimizers.Select(o => Tune(o, protocol.TuneSeeds, completed, ended, metric))], metric);
    }

    private static OptimizerTuning Tune(TuningCandidates candidates, IReadOnlyList<ulong> seeds, List<RunRecord> completed, List<RunRecord> ended, WorkloadMetric metric)
    {
        var results = new List<TrialResult>();
        var budget = new TuningBudget(candidates.Trials.Count, 0, 0, 0);
        foreach (var trial in candidates.Trials)
        {
            var runs = completed.Where(r => r.Spec == trial.Spec && seeds.Contains(r.Seed)).OrderBy(r => r.Seed).ToList();
            var failed = ended.Where(r => r.Spec == trial.Spec && seeds.Contains(r.Seed)).ToList();
            var values = runs.Select(r => r.FinalMetric).ToList();
            var sample = new Sample(values);
            budget = budget with
            {
                Runs = budget.Runs + runs.Count + failed.Count,
                Epochs = budget.Epochs + runs.Concat(failed).Sum(r => r.History.Epochs.Count),
                Seconds = budget.Seconds + runs.Concat(failed).Sum(r => r.TotalTime),
            };
            results.Add(new TrialResult(trial.Spec, trial.Rate, trial.WeightDecay, trial.RateFactor, trial.WeightDecayFactor,
                [.. runs.Select(r => r.Seed)], values, runs.Count == 0 ? null : sample.Mean, runs.Count < 2 ? null : sample.StandardDeviation,
                failed.Count, seeds.Count - runs.Count - failed.Count, IsChosen: false));
        }
        // The best mean (highest accuracy, lowest loss); ties (to 1e-9) go to the lower rate, then the lower weight decay.
        var best = results.Where(t => t.Eligible)
            .OrderByDescending(t => Math.Round(metric.Advantage(t.Mean!.Value, 0), 9)).ThenBy(t => t.Rate).ThenBy(t => t.WeightDecay).FirstOrDefault();
        if (best is not null) results[results.IndexOf(best)] = best with { IsChosen = true };
        bool edge = best is not null && (best.RateFactor == candidates.Trials.Min(t => t.RateFactor) || best.RateFactor == candidates.Trials.Max(t => t.RateFactor));
        return new OptimizerTuning(candidates.Base.DisplayName, candidates.Base, candidates.DefaultRate, candidates.DefaultWeightDecay,
            results, edge, budget);
    }


    public string ToJson() => JsonSerializer.Serialize(this, ReportFormat.Json);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Tuning on the validation split");
        md.AppendLine();
        md.AppendLine(string.Create(C, $"Every optimizer had the same budget: {Optimizers[0].Trials.Count} grid points × {Counted.Of(TuneSeeds.Count, "seed")} ({string.Join(", ", TuneSeeds)}) × {Counted.Of(TuneEpochs, "epoch")}, ") +
            $"schedule {Schedule}, judged by the mean final {Metric.Noun()}{(Metric == WorkloadMetric.Loss ? " (lower is better)" : "")} on a validation split of {ValidationSplit.ToString("P0", C)} of the training set (the test set was not read). " +
            "Ties go to the lower learning rate; a point where a seed diverged cannot be chosen.");
        md.AppendLine();
        foreach (var o in Optimizers)
        {
            md.AppendLine(C, $"## {o.Optimizer}");
            md.AppendLine();
            bool decay = o.Trials.Select(t => t.WeightDecayFactor).Distinct().Count() > 1;
            string column = Metric == WorkloadMetric.Loss ? "validation loss" : "validation accuracy (%)";
            md.AppendLine(decay ? $"| learning rate | × default | weight decay | {column} | seeds |" : $"| learning rate | × default | {column} | seeds |");
            md.AppendLine(decay ? "|---:|---:|---:|---:|---:|" : "|---:|---:|---:|---:|");
            string format = Metric.Format();
            foreach (var t in o.Trials)
            {
                string cell = t.Mean is not double m ? "—"
                    : t.StandardDeviation is double sd ? $"{m.ToString(format, C)} ± {sd.ToString(format, C)}" : m.ToString(format, C);
                if (t.Diverged > 0) cell += $" ({t.Diverged} diverged)";
                if (t.Missing > 0) cell += $" ({t.Missing} not run yet)";
                if (t.IsChosen) cell = $"**{cell}** ← chosen";
                md.AppendLine(decay
                    ? $"| {Number(t.Rate)} | {Factor(t.RateFactor)} | {Number(t.WeightDecay)} | {cell} | {t.Seeds.Count} |"
                    : $"| {Number(t.Rate)} | {Factor(t.RateFactor)} | {cell} | {t.Seeds.Count} |");
            }
            md.AppendLine();
            md.AppendLine(o.ChosenSpec is null ? "No choice yet: no grid point has finished on every seed without diverging."
                : $"Chosen: `{o.ChosenSpec}` (learning rate {Number(o.ChosenRate!.Value)}, {Factor(o.ChosenRate.Value / o.DefaultRate)} the default {Number(o.DefaultRate)}).");
            if (o.ChosenAtGridEdge) md.AppendLine("The choice is at the edge of the grid: the best rate may lie outside it; widen the grid (--grid-points) to be sure.");
            md.AppendLine(C, $"Budget: {Counted.Of(o.Budget.Trials, "trial")}, {Counted.Of(o.Budget.Runs, "run")}, {Counted.Of(o.Budget.Epochs, "epoch")}, {o.Budget.Seconds:F0} s.");
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string Number(double x) => x.ToString("G4", C);

    /// <summary>"2×" or "1/8×".</summary>
    public static string Factor(double f) => f >= 1 ? $"{f.ToString("G4", C)}×" : $"1/{(1 / f).ToString("G4", C)}×";
}
