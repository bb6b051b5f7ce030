using System.CommandLine;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Experiments;
using VeloGrad.Training.Models;
using VeloGrad.Training.Optimizers;

namespace VeloGrad.Cli.Commands;

/// <summary><c>velograd compare</c>: the reference's experiment end to end — every optimizer over seeds, then the
/// table, the figure and the analysis.</summary>
internal static class CompareCommand
{
    /// <summary>--quick: a few minutes on 2 CPU cores, still a real comparison on real data where available.</summary>
    public static class Quick
    {
        public const string Model = ModelRegistry.SmallCnnName;
        public const int Epochs = 5, TrainLimit = 10_000, TestLimit = 2_000;
    }

    public static Command Build()
    {
        var command = new Command("compare", "Run the reference experiment: several optimizers over seeds, then tables, a figure and statistics.");
        var data = new DatasetOptions();
        var training = new TrainingOptions();
        var optimizers = new Option<string[]>("--optimizers")
        {
            Description = "Optimizers to compare, each with optional overrides (e.g. velograd adam sgd:lr=0.05).",
            DefaultValueFactory = _ => [.. ComparisonPlan.ReferenceOptimizers],
            AllowMultipleArgumentsPerToken = true,
        };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per optimizer (--seed, --seed + 1, …); the same seeds for every optimizer.", DefaultValueFactory = _ => 1 };
        var quick = new Option<bool>("--quick") { Description = $"A preset that finishes in minutes on 2 CPU cores: {Quick.Model}, {Quick.Epochs} epochs, {Quick.TrainLimit:N0}/{Quick.TestLimit:N0} samples (explicit options win)." };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("results", "compare") };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted comparison in --out: finished runs are kept, the unfinished one resumes." };
        var tensorboard = new Option<string?>("--tensorboard") { Description = "Also write TensorBoard event files into this folder." };
        data.AddTo(command);
        training.AddTo(command);
        foreach (var option in new Option[] { optimizers, seeds, quick, output, resume, tensorboard }) command.Options.Add(option);

        command.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var o = parse.InvocationConfiguration.Output;
            bool isQuick = parse.GetValue(quick);
            // --quick fills in what the user did not set explicitly.
            T Pick<T>(Option<T> option, T quickValue) => isQuick && parse.GetResult(option) is null or { Implicit: true } ? quickValue : parse.GetValue(option)!;

            var specs = parse.GetValue(optimizers)!.Select(OptimizerSpec.Parse).ToList();
            specs.ForEach(OptimizerRegistry.Validate);
            string model = Pick(training.Model, Quick.Model);
            ModelRegistry.Validate(model);
            int seedCount = parse.GetValue(seeds);
            if (seedCount < 1) throw new ArgumentException("--seeds must be at least 1.");
            ulong baseSeed = parse.GetValue(data.Seed);
            string folder = parse.GetValue(output)!;

            using var splits = data.Load(parse, o, Pick<int?>(data.TrainLimit, Quick.TrainLimit), Pick<int?>(data.TestLimit, Quick.TestLimit));
            var baseConfig = training.Config(parse, splits.Name, data, specs[0].ToString()) with
            {
                Model = model,
                Epochs = Pick(training.Epochs, Quick.Epochs),
                TrainLimit = Pick<int?>(data.TrainLimit, Quick.TrainLimit),
                TestLimit = Pick<int?>(data.TestLimit, Quick.TestLimit),
            };
            var plan = new ComparisonPlan(baseConfig, specs, [.. Enumerable.Range(0, seedCount).Select(i => baseSeed + (ulong)i)]);
            plan.Validate();
            Directory.CreateDirectory(folder);
            var started = DateTimeOffset.UtcNow;
            var manifest = new ComparisonManifest
            {
                CommandLine = Environment.GetCommandLineArgs(),
                Optimizers = [.. specs.Select(s => s.ToString())],
                OptimizerFolders = [.. specs.Select(ComparisonPlan.FolderName)],
                Seeds = plan.Seeds,
                BaseConfig = baseConfig with { Optimizer = "" },
                DatasetSource = splits.Train.Source,
                Environment = RunEnvironment.Current(baseConfig.ResolvedDevice(), baseConfig.ResolvedPrecision(baseConfig.ResolvedDevice())),
                GitCommit = ComparisonManifest.CurrentGitCommit(),
                Sources = [folder],
                StartedAt = parse.GetValue(resume) ? ComparisonManifest.TryLoad(folder)?.StartedAt ?? started : started,
            };
            string? boardFolder = parse.GetValue(tensorboard);
            o.WriteLine($"Comparing {string.Join(", ", specs.Select(OptimizerRegistry.DisplayName))} on {splits.Name} with {model}, {baseConfig.Epochs} epochs, {seedCount} seed(s): {specs.Count * seedCount} runs into {folder}");

            using var interrupt = new InterruptSignal();
            var runner = new ComparisonRunner((run, index, total) =>
            {
                string label = $"[{index}/{total}] {OptimizerRegistry.DisplayName(run.Optimizer)} seed {run.Seed}";
                ITrainingObserver observer = new ConsoleTrainingObserver(o, label);
                return boardFolder is null ? observer
                    : new TensorBoardObserver(observer, boardFolder, $"{ComparisonPlan.FolderName(run.Optimizer)}/seed-{run.Seed}");
            });
            var outcomes = runner.Run(plan, splits, folder, parse.GetValue(resume), interrupt.Token);
            (manifest with { EndedAt = DateTimeOffset.UtcNow }).Save(folder);

            foreach (var failed in outcomes.Where(r => r.Status is not (RunStatus.Completed or RunStatus.Interrupted)))
                parse.InvocationConfiguration.Error.WriteLine($"warning: {OptimizerRegistry.DisplayName(failed.Run.Optimizer)} seed {failed.Run.Seed} {failed.Status}: {failed.Message}");
            var set = ComparisonSet.Load([folder]);
            if (set.Optimizers.Count > 0)
            {
                o.WriteLine();
                o.WriteLine("FINAL PERFORMANCE COMPARISON");
                o.Write(ReportWriter.Write(set, folder));
                o.WriteLine($"Tables, figure and analysis in {folder} ({string.Join(", ", ReportWriter.Files)}).");
            }
            if (outcomes.Any(r => r.Status == RunStatus.Interrupted))
            {
                o.WriteLine($"Interrupted: finished runs are kept. Continue with the same command and --resume.");
                return TrainCommand.InterruptedExitCode;
            }
            return outcomes.All(r => r.Status == RunStatus.Completed) ? 0 : UserErrors.ExitCode;
        }));
        return command;
    }
}
