using System.CommandLine;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Training.Engine;
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
            Description = "Optimizers to compare, each with optional overrides (e.g. velograd adam sgd:lr=0.05).",
            DefaultValueFactory = _ => [.. OptimizerCatalog.ReferenceComparison],
            AllowMultipleArgumentsPerToken = true,
        };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per optimizer (--seed, --seed + 1, …); the same seeds for every optimizer.", DefaultValueFactory = _ => 1 };
        var quick = new Option<bool>("--quick") { Description = $"A preset that finishes in minutes on 2 CPU cores: {ComparisonPreset.QuickDescription} (explicit options win)." };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("results", "compare") };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted comparison in --out: finished runs are kept, the unfinished one resumes." };
        var tensorboard = new Option<string?>("--tensorboard") { Description = "Also write TensorBoard event files into this folder." };
        var executor = new Option<string>("--executor")
        {
            Description = "Where the planned runs execute: local (here, one after another), slurm (a job array submitted with sbatch, followed until done), kubernetes (writes an Indexed Job manifest to apply).",
            DefaultValueFactory = _ => "local",
        };
        executor.AcceptOnlyFromAmong("local", "slurm", "kubernetes");
        var cluster = new ClusterExecutorOptions();
        data.AddTo(command);
        training.AddTo(command);
        foreach (var option in new Option[] { optimizers, seeds, quick, output, resume, tensorboard, executor }) command.Options.Add(option);
        cluster.AddTo(command);

        command.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var o = parse.InvocationConfiguration.Output;
            // --quick fills in what the user did not set explicitly.
            bool isQuick = parse.GetValue(quick);
            T Pick<T>(Option<T> option, T quickValue) => isQuick && parse.GetResult(option) is null or { Implicit: true } ? quickValue : parse.GetValue(option)!;
            int? trainLimit = Pick(data.TrainLimit, ComparisonPreset.QuickTrainLimit), testLimit = Pick(data.TestLimit, ComparisonPreset.QuickTestLimit);
            OptimizerSpec[] specs;
            try
            {
                specs = [.. parse.GetValue(optimizers)!.Select(OptimizerSpec.Parse)];
            }
            catch (InvalidSettingException e)
            {
                throw new InvalidSettingException("Optimizers", e.Message);
            }
            var baseConfig = training.Config(parse, data, specs[0], dataset: "") with
            {
                Model = Pick(training.Model, ComparisonPreset.QuickModel),
                Epochs = Pick(training.Epochs, ComparisonPreset.QuickEpochs),
                TrainLimit = trainLimit,
                TestLimit = testLimit,
            };
            var plan = ComparisonPlan.Create(baseConfig, specs, parse.GetValue(data.Seed), parse.GetValue(seeds)); // checked before the data loads
            string folder = parse.GetValue(output)!;
            bool resuming = parse.GetValue(resume);
            OutputFolder.EnsureWritable(folder);

            var choice = data.Choose(parse, o);
            plan = plan with { BaseConfig = plan.BaseConfig with { Dataset = choice.Dataset }, Data = data.Location(parse) };
            Directory.CreateDirectory(folder);
            o.WriteLine($"Comparing {string.Join(", ", specs.Select(s => s.DisplayName))} on {choice.Dataset} with {plan.BaseConfig.Model}, {plan.BaseConfig.Epochs} epochs, {plan.Seeds.Count} seed(s): {specs.Length * plan.Seeds.Count} runs into {folder}");
            switch (parse.GetValue(executor))
            {
                case "slurm":
                    return cluster.ExecuteOnSlurm(parse, plan, folder, resuming, o, parse.InvocationConfiguration.Error);
                case "kubernetes":
                    return cluster.WriteKubernetes(parse, plan, folder, resuming, o);
            }

            using var splits = data.Load(parse, choice, trainLimit, testLimit);
            var manifest = ComparisonManifest.ForComparison(plan.BaseConfig, plan.Optimizers, plan.Seeds, splits.Train.Source,
                RunEnvironments.For(plan.BaseConfig), folder, resuming);
            string? boardFolder = parse.GetValue(tensorboard);

            using var interrupt = new InterruptSignal();
            var runner = new ComparisonRunner((run, index, total) =>
            {
                ITrainingObserver observer = new ConsoleTrainingObserver(o, $"[{index}/{total}] {run.Optimizer.DisplayName} seed {run.Seed}");
                return boardFolder is null ? observer
                    : new TensorBoardObserver(observer, boardFolder, Path.GetRelativePath(RunLayout.RunsRoot(folder), run.Folder));
            });
            var outcomes = runner.Run(plan, splits, folder, resuming, interrupt.Token);
            (manifest with { EndedAt = DateTimeOffset.UtcNow }).Save(folder);

            foreach (var failed in outcomes.Where(r => r.Status is not (RunStatus.Completed or RunStatus.Interrupted)))
                parse.InvocationConfiguration.Error.WriteLine($"warning: {failed.Run.Optimizer.DisplayName} seed {failed.Run.Seed} {SettingNames.Of(failed.Status)}: {failed.Message}");
            WriteReport(folder, o);
            if (outcomes.Any(r => r.Status == RunStatus.Interrupted))
            {
                o.WriteLine($"Interrupted: finished runs are kept. Continue with the same command and --resume.");
                return TrainCommand.InterruptedExitCode;
            }
            return outcomes.All(r => r.Status == RunStatus.Completed) ? 0 : UserErrors.ExitCode;
        }));
        return command;
    }

    /// <summary>The table, figure and analysis of the folder's completed runs, when there are any.</summary>
    public static void WriteReport(string folder, TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var set = ComparisonSet.Load([folder]);
        if (set.Optimizers.Count == 0) return;
        o.WriteLine();
        o.WriteLine("FINAL PERFORMANCE COMPARISON");
        o.Write(ReportWriter.Write(set, folder));
        o.WriteLine($"Tables, figure and analysis in {folder} ({string.Join(", ", ReportWriter.Files)}).");
    }
}
