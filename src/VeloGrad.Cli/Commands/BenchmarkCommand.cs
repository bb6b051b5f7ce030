using System.CommandLine;
using VeloGrad.Training.Data;

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
            Description = $"Workloads to run instead of the suite's: {string.Join(", ", Workloads.Names)} (default: the suite's, each whose data is here or, for MNIST, can be downloaded).",
            AllowMultipleArgumentsPerToken = true,
        };
        var optimizers = new Option<string[]>("--optimizers")
        {
            Description = "Optimizers to compare, each with optional overrides (default: the suite's). A DeepOBS baseline given without lr= (sgd:momentum=0,weight_decay=0; sgd:momentum=0.99,weight_decay=0; adam:weight_decay=0) runs at the rate DeepOBS tuned for each problem.",
            AllowMultipleArgumentsPerToken = true,
        };
        var seeds = new Option<int>("--seeds") { Description = $"Seeds per optimizer and workload (--seed, --seed + 1, …; the same for every optimizer). Default {DefaultSeeds}, {QuickSeeds} with --quick." };
        var epochs = new Option<int?>("--epochs") { Description = "Train every workload this many epochs instead of its budget (DeepOBS's: 100 for most problems); targets stay the budget's." };
        var quick = new Option<bool>("--quick") { Description = "Each workload's quick budget (a few epochs on a few thousand images): the offline suite in minutes on 2 CPU cores." };
        var tune = new Option<bool>("--tune")
        {
            Description = $"Tune every optimizer on every workload first, as velograd tune does: --grid-points learning rates around its rate, each trial with the workload's budget on a validation split of {TuneCommand.DefaultValidationSplit:P0}; the final runs at each choice, on the seeds after the tuning's.",
        };
        var tuneGrid = new Option<string>("--tune-grid")
        {
            Description = "With --tune: relative (--grid-points rates --grid-factor apart around each optimizer's rate) or deepobs (DeepOBS's grid: the 36 rates 1e-5 … 1e2, five per decade, for every optimizer).",
            DefaultValueFactory = _ => RelativeGrid,
        };
        tuneGrid.AcceptOnlyFromAmong(RelativeGrid, BenchmarkTuning.DeepObsGrid);
        var tuneSeeds = new Option<int>("--tune-seeds") { Description = "With --tune: seeds per trial (DeepOBS tunes on one).", DefaultValueFactory = _ => DefaultTuneSeeds };
        var points = new Option<int>("--grid-points") { Description = "With --tune: learning rates per optimizer (odd; centred on its rate).", DefaultValueFactory = _ => TuningProtocol.DefaultGridPoints };
        var factor = new Option<double>("--grid-factor") { Description = "With --tune: factor between neighbouring learning rates.", DefaultValueFactory = _ => TuningProtocol.DefaultGridFactor };
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
            string root = location.Root ?? DatasetCatalog.DefaultDataRoot;
            var chosen = parse.GetValue(workloads) is { Length: > 0 } names
                ? WorkloadsNamed(names)
                : [.. Workloads.Of(chosenSuite).Where(w => DataAvailable(w, root, location.FashionMnistFolder))];
            int? epochOverride = parse.GetValue(epochs);
            if (epochOverride is < 1) throw new InvalidSettingException(nameof(TrainingConfig.Epochs), $"A workload trains at least 1 epoch (got {epochOverride}).");
            ulong first = parse.GetValue(data.Seed);
            bool deepObsGrid = parse.GetValue(tuneGrid) == BenchmarkTuning.DeepObsGrid;
            var tuning = parse.GetValue(tune)
                ? new BenchmarkTuning(parse.GetValue(points), parse.GetValue(factor), parse.GetValue(tuneSeeds), TuneCommand.DefaultValidationSplit, deepObsGrid ? BenchmarkTuning.DeepObsGrid : null)
                : null;
            // A tuning option without --tune would be silently ignored: say so instead.
            foreach (var (option, key) in new (Option, string)[] { (tuneSeeds, SettingKeys.TuneSeeds), (points, SettingKeys.GridPoints), (factor, SettingKeys.GridFactor), (tuneGrid, SettingKeys.TuneGrid) })
                if (tuning is null && parse.GetResult(option) is { Implicit: false })
                    throw new InvalidSettingException(key, "it sets how each optimizer is tuned, and nothing is tuned without --tune: add --tune, or leave it out.");
            var tuningSeeds = tuning is null ? [] : ExperimentSeeds.Consecutive(first, tuning.TuneSeeds, SettingKeys.TuneSeeds, "Tuning");
            var seedList = ExperimentSeeds.Consecutive(first + (ulong)tuningSeeds.Count, parse.GetResult(seeds) is null ? (isQuick ? QuickSeeds : DefaultSeeds) : parse.GetValue(seeds),
                SettingKeys.Seeds, "A benchmark");
            var device = SettingNames.ParseDevice(parse.GetValue(training.Device)!);
            // Each workload's own precision (float32 for DeepOBS's problems) unless --precision names one.
            Precision? precision = parse.GetResult(training.Precision) is { Implicit: false } ? SettingNames.ParsePrecision(parse.GetValue(training.Precision)!) : null;
            var plan = new BenchmarkPlan([.. chosen.Select(w => BenchmarkWorkload.Of(w, isQuick, specs, epochOverride))], specs, seedList, isQuick, tuning);
            // Every workload's plan (or tuning protocol) is made and checked before anything runs; each workload runs the
            // optimizers as they are there (DeepOBS's baselines at its rates for the problem).
            TrainingConfig ConfigOf(Workload w)
            {
                var c = w.Config(specs[0], isQuick, epochOverride);
                return c with { Device = device, Precision = precision ?? c.Precision };
            }
            var plans = chosen.Select((w, i) => ComparisonPlan.Create(ConfigOf(w), plan.Workloads[i].Optimizers!, seedList[0], seedList.Count)
                with { Data = location, DatasetSeed = tuning is null ? null : first }).ToList(); // tuned: the data of the tuning's first seed
            var rateFactors = tuning is null ? null : tuning.IsDeepObs ? BenchmarkTuning.DeepObsRates : TuningProtocol.Grid(tuning.GridPoints, tuning.GridFactor);
            var protocols = tuning is null ? null : plans.Select((p, i) => TunedComparison.Protocol(plan.Workloads[i].Optimizers!, rateFactors!, [1],
                p.BaseConfig with { ValidationSplit = tuning.ValidationSplit, ValidationSeed = first, Seed = 0 }, tuningSeeds,
                p.BaseConfig with { Seed = 0 }, seedList, absoluteRates: tuning.IsDeepObs)).ToList();
            foreach (var workload in chosen) RequireData(workload, root, location.FashionMnistFolder);
            string folder = parse.GetValue(experiment.Output)!;
            bool resuming = parse.GetValue(experiment.Resume);
            using var claim = OutputFolder.ClaimWritable(folder);
            CheckFolder(plan, folder, resuming);
            plan.Save(folder);

            int trialRuns = protocols?.Sum(p => p.TrialSpecs.Count() * p.TuneSeeds.Count) ?? 0;
            o.WriteLine($"Benchmark{(isQuick ? " (quick budgets)" : "")}{(tuning is null ? "" : ", tuned per workload")}: {string.Join(", ", specs.Select(s => s.DisplayName))} on {Counted.Of(chosen.Count, "workload")}, {Counted.Of(seedList.Count, "seed")} each: " +
                $"{(tuning is null ? "" : $"{Counted.Of(trialRuns, "tuning trial")}, then ")}{Counted.Of((long)chosen.Count * specs.Count * seedList.Count, "run")} into {folder}");
            int exit = ExitCodes.Success;
            bool handedOff = false;
            for (int i = 0; i < chosen.Count; i++)
            {
                var workload = chosen[i];
                var budget = workload.BudgetFor(isQuick);
                o.WriteLine();
                o.WriteLine($"[{i + 1}/{chosen.Count}] {workload.Name}: {workload.Description}; {Counted.Of(plan.Workloads[i].Epochs, "epoch")}, target {workload.Metric.Target(budget.Target)}");
                if (workload.BaselineRatesNote is { } note) o.WriteLine($"  {note}.");
                var choice = DatasetSelection.Choose(workload.Dataset, root, location.FashionMnistFolder, allowDownload: workload.Dataset == Mnist.Name);
                var workloadPlan = plans[i] with { BaseConfig = plans[i].BaseConfig with { Dataset = choice.Dataset } };
                string workloadFolder = new ExperimentFolder(folder).Workload(workload.Name).Path;
                int code;
                if (protocols is null)
                {
                    (code, bool finished) = ExperimentConsole.Run(parse, experiment, workloadPlan, workloadFolder, budget.Target, (f, w) => ExperimentReports.Comparison(f, w, budget.Target));
                    handedOff |= code == ExitCodes.Success && !finished;
                }
                else
                {
                    var protocol = protocols[i] with
                    {
                        TrialConfig = protocols[i].TrialConfig with { Dataset = choice.Dataset },
                        FinalConfig = protocols[i].FinalConfig with { Dataset = choice.Dataset },
                    };
                    TunedComparison.CheckFolder(protocol, workloadFolder, resuming);
                    Directory.CreateDirectory(workloadFolder);
                    protocol.Save(workloadFolder);
                    code = TunedComparison.Run(parse, experiment, protocol, workloadFolder, location, first, budget.Target);
                }
                if (code == ExitCodes.Interrupted) return code;
                // A diverged run is a finding the reports record; other failures make the command fail.
                if (code != ExitCodes.Success && code != ExitCodes.Diverged) exit = code;
            }
            // Runs handed to a cluster (kubernetes, slurm --no-wait) have not run: a judgement now would score nothing.
            if (handedOff)
                o.WriteLine($"The runs are handed off; once they are done, velograd report {folder} writes the benchmark's tables and judgement.");
            else ExperimentReports.Benchmark(plan, folder, o);
            return exit;
        }));
        return command;
    }

    private const string RelativeGrid = "relative";

    private static class SuiteNames
    {
        public const string DeepObs = "deepobs", Reference = "reference";
    }

    /// <summary>The workloads --workloads names, each once: one listed twice would run twice into the same folders, so it is refused as a
    /// compare's optimizer listed twice is.</summary>
    private static List<Workload> WorkloadsNamed(string[] names)
    {
        var chosen = names.Select(Workloads.Find).ToList();
        var twice = chosen.GroupBy(w => w.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidSettingException(SettingKeys.Workloads, $"Workload '{twice.Key}' is listed twice: list each once.");
        return chosen;
    }

    /// <summary>Whether a suite's workload can run here without being asked for: its data is present (MNIST may be downloaded).</summary>
    private static bool DataAvailable(Workload workload, string root, string? fashionMnistFolder) => workload.Dataset switch
    {
        Cifar10.Name => Cifar10.Locate(root) is not null,
        FashionMnist.Name => FashionMnist.IsPresent(fashionMnistFolder ?? FashionMnist.DebianFolder),
        Mnist.Name => Mnist.Locate(root) is not null || Environment.GetEnvironmentVariable(Mnist.UrlVariable) is { Length: > 0 },
        _ => true,
    };

    /// <summary>Every workload's data is here before anything is written (no download: a benchmark's runs read one copy).</summary>
    private static void RequireData(Workload workload, string dataRoot, string? fashionMnistFolder)
    {
        if (workload.Dataset == Cifar10.Name && Cifar10.Locate(dataRoot) is null)
            throw new DatasetException($"Workload {workload.Name} needs CIFAR-10, which is not in '{dataRoot}': fetch it with velograd data inspect --dataset cifar10 --download (or give its folder with --data), or leave {workload.Name} out of --workloads.");
        if (workload.Dataset == Mnist.Name && Mnist.Locate(dataRoot) is null && !DataAvailable(workload, dataRoot, fashionMnistFolder))
            DatasetSelection.Choose(Mnist.Name, dataRoot, fashionMnistFolder, allowDownload: true); // downloads (MD5-checked), or says why not
        string fashion = fashionMnistFolder ?? FashionMnist.DebianFolder;
        if (workload.Dataset == FashionMnist.Name && !FashionMnist.IsPresent(fashion))
            throw new DatasetException($"Workload {workload.Name} needs Fashion-MNIST, which is not in '{fashion}': on Debian, apt-get install dataset-fashion-mnist (or give its folder with --fashion-mnist-dir).");
    }

    /// <summary>A new benchmark needs a folder without one; a resumed one the same plan.</summary>
    private static void CheckFolder(BenchmarkPlan plan, string folder, bool resuming)
    {
        var saved = BenchmarkPlan.TryLoad(folder);
        if (saved is null) return;
        if (!resuming) throw new RunFolderConflictException($"'{folder}' already holds a benchmark", FolderRemedy.Resume | FolderRemedy.OtherFolder);
        ResumeCheck.RequireSameOptions(folder, plan.DifferencesFrom(saved), "benchmarked");
    }
}
