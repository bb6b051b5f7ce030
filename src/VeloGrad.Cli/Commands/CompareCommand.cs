using System.CommandLine;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary><c>velograd compare</c>: the reference's experiment end to end — every optimizer over seeds, then the
/// table, the figure and the analysis.</summary>
internal static class CompareCommand
{
    public static Command Build()
    {
        var command = new Command("compare", "Run the reference experiment: several optimizers over seeds, then tables, a figure and statistics.");
        var data = new DatasetOptions();
        var training = new TrainingOptions();
        var optimizers = new Option<string[]>("--optimizers")
        {
            Description = "Optimizers to compare, each with optional overrides (e.g. velograd adam sgd:lr=0.05; velograd train --help lists every setting and its default).",
            DefaultValueFactory = _ => [.. OptimizerCatalog.ReferenceComparison],
            AllowMultipleArgumentsPerToken = true,
        }.Sets(SettingKeys.Optimizers, nameof(TrainingConfig.Optimizer));
        var seeds = new Option<int>("--seeds") { Description = "Seeds per optimizer (--seed, --seed + 1, …); the same seeds for every optimizer.", DefaultValueFactory = _ => 1 }.Sets(SettingKeys.Seeds);
        var quick = new Option<bool>("--quick") { Description = $"A preset that finishes in minutes on 2 CPU cores: {ComparisonPreset.QuickDescription} (explicit options win)." };
        var experiment = new ExperimentOptions(Path.Combine("results", "compare"));
        data.AddTo(command);
        training.AddTo(command);
        foreach (var option in new Option[] { optimizers, seeds, quick }) command.Options.Add(option);
        experiment.AddTo(command);

        command.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var o = parse.InvocationConfiguration.Output;
            var specs = OptionParsing.Optimizers(parse.GetValue(optimizers)!);
            var choice = data.Resolve(parse);
            var baseConfig = training.Config(parse, data, specs[0], choice.Dataset, new QuickPreset(parse, quick));
            var plan = RunPlan.Create(baseConfig, specs, parse.GetValue(data.Seed), parse.GetValue(seeds));
            double target = experiment.TargetOf(parse, ModelCatalog.MetricOf(baseConfig.Model));
            string folder = parse.GetValue(experiment.Output)!;
            using var claim = OutputFolder.ClaimWritable(folder);
            var session = ExperimentConsole.Session(parse, experiment, data.Location(parse));

            DatasetOptions.Fetch(choice, o);
            o.WriteLine($"Comparing {string.Join(", ", specs.Select(s => s.DisplayName))} on {baseConfig.Dataset} with {plan.BaseConfig.Model}, {Counted.Of(plan.BaseConfig.Epochs, "epoch")}, {Counted.Of(plan.Seeds.Count, "seed")}: {Counted.Of((long)specs.Count * plan.Seeds.Count, "run")} into {folder}");
            return ExperimentConsole.Run(session, s => StageRunner.Run(plan, new ExperimentFolder(folder), s, target, (f, w) => ExperimentReports.Comparison(f, w, target)));
        }));
        return command;
    }
}
