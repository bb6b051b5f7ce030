using System.CommandLine;
using VeloGrad.Training.Data;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary><c>velograd execute OUT --index i</c>: one run of the plan in OUT, idempotently — what each task of a
/// Slurm array or Kubernetes Indexed Job runs. A finished run is left as it is, an unfinished one resumes, a failed
/// one is trained again.</summary>
internal static class ExecuteCommand
{
    public static Command Build()
    {
        var command = new Command("execute", "Run one planned run of an experiment folder (OUT/plan.json: a comparison, an ablation, or a stage of a tuning or benchmark) by index; finished runs are skipped, unfinished ones resume.");
        var folder = new Argument<string>("folder") { Description = "The experiment's output folder (or a stage's, for tuning and benchmarks), holding plan.json." };
        var index = new Option<int>("--index") { Description = "The run's index in the plan (0-based: seed by seed, optimizers in order).", Required = true }.Sets(SettingKeys.RunIndex);
        var dataRoot = new Option<string?>("--data") { Description = "Folder holding CIFAR-10, if not where the plan found it." };
        var fashion = new Option<string?>("--fashion-mnist-dir") { Description = "Folder of Fashion-MNIST, if not where the plan found it." };
        command.Arguments.Add(folder);
        foreach (var option in new Option[] { index, dataRoot, fashion }) command.Options.Add(option);
        command.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var o = parse.InvocationConfiguration.Output;
            string output = parse.GetValue(folder)!;
            var plan = RunPlan.TryLoad(new ExperimentFolder(output)) ?? throw new IOException($"'{output}' holds no plan.json: it is not the folder of a planned experiment (velograd compare, ablate, tune and benchmark write one).");
            var runs = plan.Runs(output).ToList();
            int i = parse.GetValue(index);
            if (i < 0 || i >= runs.Count) throw new InvalidSettingException(SettingKeys.RunIndex, $"{i} is outside the plan's runs 0–{runs.Count - 1}.");
            var run = runs[i];
            o.WriteLine($"run {i} of {runs.Count}: {run.Optimizer.DisplayName} seed {run.Seed} into {run.Folder}");
            if (RunFolderStates.StateOf(run) == PlannedRunState.Completed)
            {
                o.WriteLine("already completed: nothing to do.");
                return 0;
            }
            using var data = LocalExecutor.LoadData(plan, new DataLocation(parse.GetValue(dataRoot), parse.GetValue(fashion)));
            using var interrupt = new InterruptSignal();
            var outcome = new LocalExecutor((r, n, total) => new ConsoleTrainingObserver(o, $"[{n}/{total}] {r.Optimizer.DisplayName} seed {r.Seed}"))
                .RunOne(run, i, runs.Count, data, interrupt.Token);
            o.WriteLine($"{SettingNames.Of(outcome.Status)}{(outcome.Message is null ? "" : $": {outcome.Message}")}");
            return outcome.Status switch
            {
                RunStatus.Completed => ExitCodes.Success,
                RunStatus.Interrupted => ExitCodes.Interrupted,
                _ => ExitCodes.Failure,
            };
        }));
        return command;
    }
}
