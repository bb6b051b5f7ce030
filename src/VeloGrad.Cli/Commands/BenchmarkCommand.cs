using System.CommandLine;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary>
/// <c>velograd benchmark</c>: every workload of a suite × optimizer × seed (DeepOBS's test problems and baselines by default),
/// each workload an experiment of its own (its plan, runs and comparison in OUT/&lt;workload&gt;/, through the same runner and
/// executors as compare), then the judgement across workloads and against DeepOBS's published baselines in
/// OUT/benchmark.md/.json/.png and OUT/deepobs.png.
/// </summary>
internal static class BenchmarkCommand
{
    private const int DefaultSeeds = 3, QuickSeeds = 2, DefaultTuneSeeds = 1;

    public static Command Build()
    {
        var command = new Command("benchmark", "Run every workload of a suite (DeepOBS's test problems, or the reference's experiment) with every optimizer over seeds, then judge across workloads: wins and losses (paired tests), time to target, performance profiles, and DeepOBS's published baselines beside ours.");
        var suite = new Option<string>("--suite")
        {
            Description = "deepobs: DeepOBS's test problems (quadratic_deep, mnist_vae, fmnist_2c2d, cifar10_3c3d, fmnist_vae, fmnist_mlp, fmnist_logreg) with VeloGrad and DeepOBS's baselines (SGD, Momentum 0.99, Adam at DeepOBS's tuned rates); reference: the reference's ResNet-18 experiment with its VeloGrad, Adam and SGD.",
            DefaultValueFactory = _ => SuiteNames.DeepObs,
        };
        suite.AcceptOnlyFromAmong(SuiteNames.DeepObs, SuiteNames.Reference);
        var workloads = new Option<string[]>("--workloads")
        {
            Description = $"Workloads to run instead of the suite's: {string.Join(", ", WorkloadCatalog.Names)} (default: the suite's, each whose data is here or, for MNIST, can be downloaded).",
            AllowMultipleArgumentsPerToken = true,
        }.Sets(SettingKeys.Workloads);
        var optimizers = new Option<string[]>("--optimizers")
        {
            Description = "Optimizers to compare, each with optional overrides (default: the suite's). A DeepOBS baseline given without lr= (sgd:momentum=0,weight_decay=0; sgd:momentum=0.99,weight_decay=0; adam:weight_decay=0) runs at the rate DeepOBS tuned for each problem.",
            AllowMultipleArgumentsPerToken = true,
        }.Sets(SettingKeys.Optimizers, nameof(TrainingConfig.Optimizer));
        var seeds = new Option<int>("--seeds") { Description = $"Seeds per optimizer and workload (--seed, --seed + 1, …; the same for every optimizer). Default {DefaultSeeds}, {QuickSeeds} with --quick." }.Sets(SettingKeys.Seeds);
        var epochs = new Option<int?>("--epochs") { Description = "Train every workload this many epochs instead of its budget (DeepOBS's: 100 for most problems); targets stay the budget's." }.Sets(nameof(TrainingConfig.Epochs));
        var quick = new Option<bool>("--quick") { Description = "Each workload's quick budget (a few epochs on a few thousand images): the offline suite in minutes on 2 CPU cores." };
        var tune = new Option<bool>("--tune")
        {
            Description = $"Tune every optimizer on every workload first, as velograd tune does: --grid-points learning rates around its rate, each trial with the workload's budget on a validation split of {TuneCommand.DefaultValidationSplit:P0}; the final runs at each choice, on the seeds after the tuning's.",
        };
        var tuneGrid = new Option<string>("--tune-grid")
        {
            Description = "With --tune: relative (--grid-points rates --grid-factor apart around each optimizer's rate) or deepobs (DeepOBS's grid: the 36 rates 1e-5 … 1e2, five per decade, for every optimizer).",
            DefaultValueFactory = _ => RelativeGrid,
        }.Sets(SettingKeys.TuneGrid);
        tuneGrid.AcceptOnlyFromAmong(RelativeGrid, BenchmarkTuning.DeepObsGrid);
        var tuneSeeds = new Option<int>("--tune-seeds") { Description = "With --tune: seeds per trial (DeepOBS tunes on one).", DefaultValueFactory = _ => DefaultTuneSeeds }.Sets(SettingKeys.TuneSeeds);
        var points = new Option<int>("--grid-points") { Description = "With --tune: learning rates per optimizer (odd; centred on its rate).", DefaultValueFactory = _ => TuningProtocol.DefaultGridPoints }.Sets(SettingKeys.GridPoints);
        var factor = new Option<double>("--grid-factor") { Description = "With --tune: factor between neighbouring learning rates.", DefaultValueFactory = _ => TuningProtocol.DefaultGridFactor }.Sets(SettingKeys.GridFactor);
        var data = new DatasetOptions();
        var training = new TrainingOptions();
        var experiment = new ExperimentOptions(Path.Combine("results", "benchmark"));
        foreach (var option in new Option[] { suite, workloads, optimizers, seeds, epochs, quick, tune, tuneGrid, tuneSeeds, points, factor, data.Seed, data.DataRoot, data.FashionMnistFolder, training.Device, training.Precision })
            command.Options.Add(option);
        experiment.AddTo(command, withTarget: false);

        command.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var o = parse.InvocationConfiguration.Output;
            bool isQuick = parse.GetValue(quick);
            var chosenSuite = parse.GetValue(suite) == SuiteNames.Reference ? WorkloadSuite.Reference : WorkloadSuite.DeepObs;
            var specs = parse.GetValue(optimizers) is { Length: > 0 } given ? OptionParsing.Optimizers(given)
                : chosenSuite == WorkloadSuite.DeepObs ? DeepObsOptimizers.Suite : [.. OptimizerCatalog.ReferenceComparison.Select(OptimizerSpec.Parse)];
            var location = data.Location(parse);
            var chosen = parse.GetValue(workloads) is { Length: > 0 } names
                ? [.. names.Select(WorkloadCatalog.Find)]
                : WorkloadCatalog.Of(chosenSuite).Where(w => WorkloadData.IsAvailable(w, location)).ToList();
            bool deepObsGrid = parse.GetValue(tuneGrid) == BenchmarkTuning.DeepObsGrid;
            var tuning = parse.GetValue(tune)
                ? new BenchmarkTuning(parse.GetValue(points), parse.GetValue(factor), parse.GetValue(tuneSeeds), TuneCommand.DefaultValidationSplit, deepObsGrid ? BenchmarkTuning.DeepObsGrid : null)
                : null;
            // A tuning option without --tune would be silently ignored: say so instead.
            foreach (var (option, key) in new (Option, string)[] { (tuneSeeds, SettingKeys.TuneSeeds), (points, SettingKeys.GridPoints), (factor, SettingKeys.GridFactor), (tuneGrid, SettingKeys.TuneGrid) })
                if (tuning is null && parse.GetResult(option) is { Implicit: false })
                    throw new InvalidSettingException(key, "it sets how each optimizer is tuned, and nothing is tuned without --tune: add --tune, or leave it out.");
            var benchmark = BenchmarkExperiment.Of(new BenchmarkRequest(chosen, specs, parse.GetValue(data.Seed),
                parse.GetResult(seeds) is null ? (isQuick ? QuickSeeds : DefaultSeeds) : parse.GetValue(seeds), isQuick)
            {
                Tuning = tuning,
                Epochs = parse.GetValue(epochs),
                Device = SettingNames.ParseDevice(parse.GetValue(training.Device)!),
                // Each workload's own precision (float32 for DeepOBS's problems) unless --precision names one.
                Precision = parse.GetResult(training.Precision) is { Implicit: false } ? SettingNames.ParsePrecision(parse.GetValue(training.Precision)!) : null,
            });
            var session = ExperimentConsole.Session(parse, experiment, location);
            foreach (var workload in chosen) WorkloadData.Require(workload, location); // before anything is written (MNIST may be downloaded)
            string folder = parse.GetValue(experiment.Output)!;
            using var claim = OutputFolder.ClaimWritable(folder);

            o.WriteLine($"Benchmark{(isQuick ? " (quick budgets)" : "")}{(tuning is null ? "" : ", tuned per workload")}: {string.Join(", ", specs.Select(s => s.DisplayName))} on {Counted.Of(chosen.Count, "workload")}, {Counted.Of(benchmark.Plan.Seeds.Count, "seed")} each: " +
                $"{(tuning is null ? "" : $"{Counted.Of(benchmark.TrialRuns, "tuning trial")}, then ")}{Counted.Of(benchmark.FinalRuns, "run")} into {folder}");
            return ExperimentConsole.Run(session, s => BenchmarkRunner.Run(benchmark, new ExperimentFolder(folder), s));
        }));
        return command;
    }

    private const string RelativeGrid = "relative";

    private static class SuiteNames
    {
        public const string DeepObs = "deepobs", Reference = "reference";
    }
}
