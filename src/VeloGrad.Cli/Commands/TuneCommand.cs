using System.CommandLine;
using VeloGrad.Training.Experiments;

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
        }.Sets(SettingKeys.Optimizers, nameof(TrainingConfig.Optimizer));
        var tuneEpochs = new Option<int>("--tune-epochs") { Description = "Epochs of every tuning trial.", DefaultValueFactory = _ => TuningProtocol.DefaultTuneEpochs };
        OptionParsing.RequireAtLeastOne(tuneEpochs, "every tuning trial needs at least 1 epoch.");
        var tuneSeeds = new Option<int>("--tune-seeds") { Description = "Seeds per tuning trial (--seed, --seed + 1, …).", DefaultValueFactory = _ => TuningProtocol.DefaultTuneSeeds }.Sets(SettingKeys.TuneSeeds);
        var seeds = new Option<int>("--seeds") { Description = "Seeds of the final comparison, following the tuning seeds (never the same).", DefaultValueFactory = _ => TuningProtocol.DefaultFinalSeeds }.Sets(SettingKeys.Seeds);
        var points = new Option<int>("--grid-points") { Description = "Learning rates per optimizer (odd; centred on its default).", DefaultValueFactory = _ => TuningProtocol.DefaultGridPoints }.Sets(SettingKeys.GridPoints);
        var factor = new Option<double>("--grid-factor") { Description = "Factor between neighbouring learning rates (7 points × 2: 1/8× … 8× the default).", DefaultValueFactory = _ => TuningProtocol.DefaultGridFactor }.Sets(SettingKeys.GridFactor);
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
            var preset = new QuickPreset(parse, quick, new QuickBudget(QuickEpochs, QuickTrainLimit, QuickTestLimit));
            var specs = OptionParsing.Optimizers(parse.GetValue(optimizers)!);
            var choice = data.Resolve(parse);
            var config = training.Config(parse, data, specs[0], choice.Dataset, preset);
            double split = config.ValidationSplit;
            ulong first = parse.GetValue(data.Seed);
            var trialSeeds = ExperimentSeeds.Consecutive(first, preset.Pick(tuneSeeds, QuickSeeds), SettingKeys.TuneSeeds, "Tuning");
            var finalSeeds = ExperimentSeeds.Consecutive(first + (ulong)trialSeeds.Count, preset.Pick(seeds, QuickSeeds), SettingKeys.Seeds, "The final comparison");
            var rateFactors = TuningProtocol.Grid(parse.GetValue(points), parse.GetValue(factor));
            IReadOnlyList<double> decayFactors = parse.GetValue(tuneDecay) ? TuningProtocol.WeightDecayGrid : [1];
            var protocol = TuningRunner.Protocol(specs, rateFactors, decayFactors,
                config with { Epochs = preset.Pick(tuneEpochs, QuickTuneEpochs), ValidationSplit = split, ValidationSeed = first, Seed = 0 }, trialSeeds,
                config with { ValidationSplit = 0, ValidationSeed = 0, Seed = 0 }, finalSeeds);
            double target = experiment.TargetOf(parse, ModelCatalog.MetricOf(config.Model));
            string folder = parse.GetValue(experiment.Output)!;
            using var claim = OutputFolder.ClaimWritable(folder);
            var session = ExperimentConsole.Session(parse, experiment, data.Location(parse));

            DatasetOptions.Fetch(choice, o);

            int trials = protocol.Optimizers[0].Trials.Count;
            o.WriteLine($"Tuning {string.Join(", ", specs.Select(s => s.DisplayName))} on {config.Dataset} with {config.Model}: {Counted.Of(trials, "trial")} each × {Counted.Of(protocol.TuneSeeds.Count, "seed")} × {Counted.Of(protocol.TrialConfig.Epochs, "epoch")} on a validation split of {split:P0}, " +
                $"then {Counted.Of(protocol.FinalConfig.Epochs, "epoch")} × {Counted.Of(protocol.FinalSeeds.Count, "seed")} at each choice on the test set; into {folder}");
            return ExperimentConsole.Run(session, s => TuningRunner.Run(protocol, new ExperimentFolder(folder), s, target));
        }));
        return command;
    }
}
