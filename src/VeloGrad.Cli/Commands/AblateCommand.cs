using System.CommandLine;
using VeloGrad.Reporting.Ablation;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Tuning;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary>
/// <c>velograd ablate</c>: VeloGrad, VeloGrad without each one of its five parts, and without all of them, over the same
/// seeds — a plan of independent runs like <c>compare</c>'s — then the usual comparison outputs and
/// ablation.md/.json/.png: each part's contribution with its 95 % CI and Welch p-value.
/// </summary>
internal static class AblateCommand
{
    private const int QuickTrainLimit = ComparisonPreset.AblateTrainLimit, QuickTestLimit = ComparisonPreset.AblateTestLimit,
        QuickEpochs = ComparisonPreset.AblateEpochs, QuickSeeds = ComparisonPreset.AblateSeeds;

    public static Command Build()
    {
        var command = new Command("ablate", "Ablate VeloGrad: without each of its five parts and without all, over seeds; each part's contribution with CIs and p-values.");
        var data = new DatasetOptions();
        var training = new TrainingOptions();
        var optimizer = new Option<string>("--optimizer")
        {
            Description = "Full VeloGrad with any overrides (e.g. velograd:lr=0.003); every variant takes them.",
            DefaultValueFactory = _ => OptimizerCatalog.VeloGradName,
        }.Sets(nameof(TrainingConfig.Optimizer));
        var fromTuning = new Option<string?>("--from-tuning") { Description = "Take VeloGrad's learning rate (and weight decay) from the choice in this velograd tune folder (its tuning.json)." };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per variant (--seed, --seed + 1, …), the same for every variant.", DefaultValueFactory = _ => 3 }.Sets(SettingKeys.Seeds);
        var quick = new Option<bool>("--quick")
        {
            Description = $"A preset that finishes in minutes on 2 CPU cores: {ComparisonPreset.QuickModel}, {QuickTrainLimit:N0}/{QuickTestLimit:N0} samples, {QuickEpochs} epochs, {QuickSeeds} seeds (explicit options win).",
        };
        var experiment = new ExperimentOptions(Path.Combine("results", "ablate"));
        data.AddTo(command);
        training.AddTo(command);
        foreach (var option in new Option[] { optimizer, fromTuning, seeds, quick }) command.Options.Add(option);
        experiment.AddTo(command);

        command.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var o = parse.InvocationConfiguration.Output;
            var preset = new QuickPreset(parse, quick, new QuickBudget(QuickEpochs, QuickTrainLimit, QuickTestLimit));
            var full = parse.GetValue(fromTuning) is string tuned ? ChosenVeloGrad(tuned) : ParseFull(parse.GetValue(optimizer)!);
            var variants = Variants(full);
            var choice = data.Resolve(parse);
            var config = training.Config(parse, data, full, choice.Dataset, preset);
            // The ablation's analysis measures each part in accuracy points; a model that is its own loss has none.
            if (ModelCatalog.MetricOf(config.Model) != WorkloadMetric.Accuracy)
                throw new InvalidSettingException(nameof(TrainingConfig.Model), $"An ablation measures each part in accuracy, and {config.Model} is judged by its loss: ablate a classifier ({string.Join(", ", ModelCatalog.Names.Where(m => ModelCatalog.MetricOf(m) == WorkloadMetric.Accuracy))}), or run velograd compare --optimizers velograd velograd:disable=<part> and read its loss analysis.");
            var plan = RunPlan.Create(config, variants, parse.GetValue(data.Seed), preset.Pick(seeds, QuickSeeds));
            double target = experiment.TargetOf(parse, WorkloadMetric.Accuracy);
            string folder = parse.GetValue(experiment.Output)!;
            using var claim = OutputFolder.ClaimWritable(folder);
            var session = ExperimentConsole.Session(parse, experiment, data.Location(parse));

            DatasetOptions.Fetch(choice, o);
            o.WriteLine($"Ablating {full.DisplayName} on {config.Dataset} with {plan.BaseConfig.Model}, {Counted.Of(plan.BaseConfig.Epochs, "epoch")}, {Counted.Of(plan.Seeds.Count, "seed")}: {variants.Count} variants, {Counted.Of((long)variants.Count * plan.Seeds.Count, "run")} into {folder}");
            return ExperimentConsole.Run(session, s => StageRunner.Run(plan, new ExperimentFolder(folder), s, target, (f, w) => ExperimentReports.Ablation(f, w, target)));
        }));
        return command;
    }

    /// <summary>Full VeloGrad, then without each part in the catalogue's order, then without all of them.</summary>
    public static IReadOnlyList<OptimizerSpec> Variants(OptimizerSpec full)
    {
        ArgumentNullException.ThrowIfNull(full);
        return [full, .. OptimizerCatalog.VeloGradParts.Select(p => full.With(OptimizerCatalog.DisableKey, p)),
            full.With(OptimizerCatalog.DisableKey, string.Join("+", OptimizerCatalog.VeloGradParts))];
    }

    private static OptimizerSpec ParseFull(string text) => CheckFull(OptionParsing.Optimizers([text])[0]);

    private static OptimizerSpec CheckFull(OptimizerSpec spec)
    {
        if (spec.Name != OptimizerCatalog.VeloGradName)
            throw new InvalidSettingException(nameof(TrainingConfig.Optimizer), $"An ablation takes VeloGrad's parts away: --optimizer must be velograd (with any overrides), not {spec.Name}.");
        if (spec.DisabledParts.Count > 0)
            throw new InvalidSettingException(nameof(TrainingConfig.Optimizer), $"'{spec}' already disables {string.Join("+", spec.DisabledParts)}: give full VeloGrad; the ablation disables each part itself.");
        return spec;
    }

    /// <summary>VeloGrad's choice in a velograd tune folder, from its protocol and trial runs.</summary>
    private static OptimizerSpec ChosenVeloGrad(string folder)
    {
        var protocol = TuningProtocol.TryLoad(new ExperimentFolder(folder)) ?? throw new FileNotFoundException($"'{folder}' holds no {ExperimentFolder.TuningProtocolFileName}: give the --out folder of a finished velograd tune.");
        var chosen = TuningAnalysis.Load(protocol, folder)?.Optimizers
            .FirstOrDefault(t => t.ChosenSpec?.Name == OptimizerCatalog.VeloGradName)?.ChosenSpec;
        return chosen is not null ? CheckFull(chosen)
            : throw new InvalidDataException($"'{folder}' has no choice for VeloGrad: was it tuned, and did its tuning finish?");
    }
}
