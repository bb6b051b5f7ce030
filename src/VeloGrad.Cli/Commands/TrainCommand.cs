using System.CommandLine;
using VeloGrad.Training.Engine;

namespace VeloGrad.Cli.Commands;

/// <summary><c>velograd train</c>: one model, one optimizer, a history and checkpoints in an output folder.</summary>
internal static class TrainCommand
{
    public static Command Build()
    {
        var command = new Command("train", "Train one model with one optimizer; writes OUT/history.json and OUT/history.csv, with a checkpoint after every epoch.");
        var data = new DatasetOptions();
        var training = new TrainingOptions();
        var optimizer = new Option<string>("--optimizer")
        {
            Description = $"Optimizer with optional overrides, e.g. sgd:lr=0.05 or velograd:disable=lookahead. Each with its settings at their defaults: {string.Join("; ", OptimizerCatalog.All.Select(d => $"{d.Name} {d.DefaultsText}"))}.",
            DefaultValueFactory = _ => new TrainingConfig().Optimizer.ToString(),
        }.Sets(nameof(TrainingConfig.Optimizer));
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true }.Sets(SettingKeys.Output);
        var resume = new Option<bool>("--resume") { Description = "Continue the unfinished run in --out from its last checkpoint." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Train again into an --out that holds a run (finished or not); its files are replaced." };
        data.AddTo(command);
        training.AddTo(command);
        command.Options.Add(optimizer);
        command.Options.Add(output);
        command.Options.Add(resume);
        command.Options.Add(overwrite);
        command.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var o = parse.InvocationConfiguration.Output;
            // The dataset resolved first (nothing downloaded yet), the configuration built once and checked, then the data.
            var choice = data.Resolve(parse);
            var config = training.Config(parse, data, OptimizerSpec.Parse(parse.GetValue(optimizer)!), choice.Dataset);
            using var claim = OutputFolder.ClaimWritable(parse.GetValue(output)!);
            using var splits = data.Load(parse, DatasetOptions.Fetch(choice, o), config.TrainLimit, config.TestLimit, config.Model);
            var observer = new ConsoleTrainingObserver(o, config.Optimizer.DisplayName);
            using var interrupt = new InterruptSignal();
            try
            {
                var history = new Trainer(config, observer).Run(splits, parse.GetValue(output)!, parse.GetValue(resume), interrupt.Token, parse.GetValue(overwrite));
                o.WriteLine($"{SettingNames.Of(history.Status)}: {Counted.OfTotal(history.Epochs.Count, config.Epochs, "epoch")} in {history.TotalTime:F1} s; history in {parse.GetValue(output)}");
                if (history.Message is not null) o.WriteLine(history.Message);
                return history.Status == RunStatus.Completed ? ExitCodes.Success : ExitCodes.Interrupted;
            }
            catch (TrainingDivergedException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Diverged;
            }
        }));
        return command;
    }
}
