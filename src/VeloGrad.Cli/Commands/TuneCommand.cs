using System.CommandLine;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Tuning;
using VeloGrad.Training.Experiments;
using VeloGrad.Training.Optimizers;

namespace VeloGrad.Cli.Commands;

/// <summary>
/// <c>velograd tune</c>: the fair comparison. Every optimizer gets the same grid of learning rates around its own
/// default (optionally × weight decays), each trial judged on a validation split over the tuning seeds; then each
/// optimizer's best setting runs the final comparison on other seeds, evaluated on the test set. Both stages are plans
/// of independent runs (OUT/tuning, OUT/final): they resume, merge and run on Slurm as <c>compare</c>'s do.
/// </summary>
internal static class TuneCommand
{
    public const double DefaultValidationSplit = 0.1;
    private const int QuickTrainLimit = ComparisonPreset.TuneTrainLimit, QuickTestLimit = ComparisonPreset.TuneTestLimit,
        QuickEpochs = ComparisonPreset.TuneEpochs, QuickTuneEpochs = ComparisonPreset.TuneTrialEpochs, QuickSeeds = ComparisonPreset.TuneSeeds;

    public static Command Build()
    {
        var command = new Command("tune", "Tune every optimizer's learning rate with the same budget on a validation split, then compare the tuned optimizers on other seeds on the test set.");
        var data = new DatasetOptions();
        var training = new TrainingOptions(defaultValidationSplit: DefaultValidationSplit);
        var optimizers = new Option<string[]>("--optimizers")
        {
            Description = "Optimizers to tune, each with optional fixed overrides (the grid sets lr, and weight_decay with --tune-weight-decay).",
            DefaultValueFactory = _ => [OptimizerCatalog.VeloGradName, OptimizerCatalog.AdamName, OptimizerCatalog.AdamWName, OptimizerCatalog.SgdName],
            AllowMultipleArgumentsPerToken = true,
        };
        var tuneEpochs = new Option<int>("--tune-epochs") { Description = "Epochs of every tuning trial.", DefaultValueFactory = _ => TuningProtocol.DefaultTuneEpochs };
        OptionParsing.RequireAtLeastOne(tuneEpochs, "every tuning trial needs at least 1 epoch.");
        var tuneSeeds = new Option<int>("--tune-seeds") { Description = "Seeds per tuning trial (--seed, --seed + 1, …).", DefaultValueFactory = _ => TuningProtocol.DefaultTuneSeeds };
        var seeds = new Option<int>("--seeds") { Description = "Seeds of the final comparison, following the tuning seeds (never the same).", DefaultValueFactory = _ => TuningProtocol.DefaultFinalSeeds };
        var points = new Option<int>("--grid-points") { Description = "Learning rates per optimizer (odd; centred on its default).", DefaultValueFactory = _ => TuningProtocol.DefaultGridPoints };
        var factor = new Option<double>("--grid-factor") { Description = "Factor between neighbouring learning rates (7 points × 2: 1/8× … 8× the default).", DefaultValueFactory = _ => TuningProtocol.DefaultGridFactor };
        var tuneDecay = new Option<bool>("--tune-weight-decay") { Description = $"Also tune weight decay: {string.Join(", ", TuningProtocol.WeightDecayGrid.Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture) + "×"))} each optimizer's default, for every learning rate ({TuningProtocol.WeightDecayGrid.Count}× the trials)." };
        var quick = new Option<bool>("--quick")
        {
            Description = $"A preset that finishes in minutes on 2 CPU cores: {ComparisonPreset.QuickModel}, {QuickTrainLimit:N0}/{QuickTestLimit:N0} samples, trials of {QuickTuneEpochs} epoch × {QuickSeeds} seeds, final runs of {QuickEpochs} epochs × {QuickSeeds} seeds (explicit options win).",
        };
        var experiment = new ExperimentOptions(Path.Combine("results", "tune"));
        data.AddTo(command);
        training.AddTo(command);
        foreach (var option in new Option[] { optimizers, tuneEpochs, tuneSeeds, seeds, points, factor, tuneDecay, quick }) command.Options.Add(option);
        experiment.AddTo(command);

        command.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var o = parse.InvocationConfiguration.Output;
            var preset = new QuickPreset(parse, quick);
            var specs = OptionParsing.Optimizers(parse.GetValue(optimizers)!);
            var config = training.Config(parse, data, specs[0], dataset: "");
            config = preset.Apply(config, training, data, QuickEpochs, QuickTrainLimit, QuickTestLimit);
            double split = config.ValidationSplit;
            ulong first = parse.GetValue(data.Seed);
            var trialSeeds = ExperimentSeeds.Consecutive(first, preset.Pick(tuneSeeds, QuickSeeds), SettingKeys.TuneSeeds, "Tuning");
            var finalSeeds = ExperimentSeeds.Consecutive(first + (ulong)trialSeeds.Count, preset.Pick(seeds, QuickSeeds), SettingKeys.Seeds, "The final comparison");
            var rateFactors = TuningProtocol.Grid(parse.GetValue(points), parse.GetValue(factor));
            IReadOnlyList<double> decayFactors = parse.GetValue(tuneDecay) ? TuningProtocol.WeightDecayGrid : [1];
            var protocol = new TuningProtocol
            {
                Optimizers = [.. specs.Select(s => Candidates(s, rateFactors, decayFactors))],
                RateFactors = rateFactors,
                WeightDecayFactors = decayFactors,
                TrialConfig = config with { Epochs = preset.Pick(tuneEpochs, QuickTuneEpochs), ValidationSplit = split, ValidationSeed = first, Seed = 0 },
                TuneSeeds = trialSeeds,
                FinalConfig = config with { ValidationSplit = 0, ValidationSeed = 0, Seed = 0 },
                FinalSeeds = finalSeeds,
            };
            protocol.Validate();
            double target = experiment.TargetOf(parse);
            string folder = parse.GetValue(experiment.Output)!;
            bool resuming = parse.GetValue(experiment.Resume);
            using var claim = OutputFolder.ClaimWritable(folder);

            var choice = data.Choose(parse, o);
            protocol = protocol with
            {
                TrialConfig = protocol.TrialConfig with { Dataset = choice.Dataset },
                FinalConfig = protocol.FinalConfig with { Dataset = choice.Dataset },
            };
            CheckFolder(protocol, folder, resuming);
            protocol.Save(folder);

            int trials = protocol.Optimizers[0].Trials.Count;
            o.WriteLine($"Tuning {string.Join(", ", specs.Select(s => s.DisplayName))} on {choice.Dataset} with {config.Model}: {trials} trials each × {protocol.TuneSeeds.Count} seed(s) × {protocol.TrialConfig.Epochs} epoch(s) on a validation split of {split:P0}, " +
                $"then {protocol.FinalConfig.Epochs} epochs × {protocol.FinalSeeds.Count} seed(s) at each choice on the test set; into {folder}");
            var trialPlan = new ComparisonPlan(protocol.TrialConfig, [.. protocol.TrialSpecs], protocol.TuneSeeds)
            {
                Data = data.Location(parse), DatasetSeed = first,
            };
            var (exit, complete) = ExperimentConsole.Run(parse, experiment, trialPlan, new ExperimentFolder(folder).Tuning.Path, (_, _) => { });
            var analysis = WriteTuning(protocol, folder, o);
            if (!complete || analysis is null)
            {
                o.WriteLine("The tuning is not finished: the final comparison starts once every trial has. Run the same command with --resume.");
                return exit;
            }
            var unchosen = analysis.Optimizers.FirstOrDefault(t => t.ChosenSpec is null);
            if (unchosen is not null)
                throw new InvalidDataException($"{unchosen.Optimizer} diverged or failed at every learning rate of its grid: nothing to choose. Move the grid (lr=… in --optimizers) and tune again into another folder.");

            var finalPlan = new ComparisonPlan(protocol.FinalConfig, [.. analysis.Optimizers.Select(t => t.ChosenSpec!)], protocol.FinalSeeds)
            {
                Data = data.Location(parse), DatasetSeed = first,
            };
            o.WriteLine($"Final comparison at the chosen settings: {string.Join(", ", finalPlan.Optimizers)}.");
            return ExperimentConsole.Run(parse, experiment, finalPlan, new ExperimentFolder(folder).Final.Path,
                (f, w) => ExperimentReports.Comparison(f, w, target)).ExitCode;
        }));
        return command;
    }

    /// <summary>The grid of <paramref name="spec"/>, centred on the rate and weight decay its recipe trains with.</summary>
    private static TuningCandidates Candidates(OptimizerSpec spec, IReadOnlyList<double> rateFactors, IReadOnlyList<double> decayFactors)
    {
        var recipe = OptimizerRecipes.Of(spec);
        return TuningCandidates.Of(spec.Without(OptimizerCatalog.RateKey), recipe.LearningRate, recipe.WeightDecay, rateFactors, decayFactors);
    }

    /// <summary>A new tuning needs a folder without one; a resumed one the same protocol.</summary>
    private static void CheckFolder(TuningProtocol protocol, string folder, bool resuming)
    {
        var saved = TuningProtocol.TryLoad(folder);
        if (saved is null) return;
        if (!resuming)
            throw new RunFolderConflictException($"'{folder}' already holds a tuning", FolderRemedy.Resume | FolderRemedy.OtherFolder);
        ResumeCheck.RequireSameOptions(folder, protocol.DifferencesFrom(saved), "tuned");
    }

    /// <summary>tuning.md/.json/.png from the trials that finished (null when none has).</summary>
    private static TuningAnalysis? WriteTuning(TuningProtocol protocol, string folder, TextWriter o)
    {
        var analysis = TuningAnalysis.Load(protocol, folder);
        if (analysis is null) return null;
        TuningReport.Write(analysis, folder);
        o.WriteLine();
        o.WriteLine("TUNING (validation split)");
        foreach (var t in analysis.Optimizers)
            o.WriteLine(t.Chosen is { } c
                ? $"  {t.Optimizer,-12} chosen lr {c.Rate:G4} ({TuningAnalysis.Factor(c.RateFactor)} default){(c.WeightDecayFactor != 1 ? $", weight decay {c.WeightDecay:G4}" : "")}: {c.Mean:F2} % validation accuracy{(t.ChosenAtGridEdge ? " — at the grid's edge" : "")}"
                : $"  {t.Optimizer,-12} no choice yet");
        o.WriteLine($"Tuning report in {folder} ({TuningReport.Files}).");
        return analysis;
    }
}
