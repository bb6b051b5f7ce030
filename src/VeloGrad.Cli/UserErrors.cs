using System.CommandLine;
using VeloGrad.Training.Data;

namespace VeloGrad.Cli;

/// <summary>Runs a command's body and turns the failures a user can fix into one clear line and exit code 1,
/// instead of a stack trace; a setting the library names is phrased as the option that sets it.</summary>
internal static class UserErrors
{
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        [nameof(TrainingConfig.Epochs)] = "--epochs",
        [nameof(TrainingConfig.Dataset)] = "--dataset",
        [nameof(TrainingConfig.BatchSize)] = "--batch-size",
        [nameof(TrainingConfig.AccumulationSteps)] = "--accumulation",
        [nameof(TrainingConfig.TrainLimit)] = "--train-limit",
        [nameof(TrainingConfig.TestLimit)] = "--test-limit",
        [nameof(TrainingConfig.Precision)] = "--precision",
        [nameof(TrainingConfig.Device)] = "--device",
        [nameof(TrainingConfig.Model)] = "--model",
        [nameof(TrainingConfig.WeightL2)] = "--weight-l2",
        [nameof(TrainingConfig.Optimizer)] = "--optimizer",
        [nameof(TrainingConfig.ValidationSplit)] = "--validation-split",
        [nameof(TrainingConfig.Schedule)] = "--schedule",
        [nameof(TrainingConfig.WarmupEpochs)] = "--warmup-epochs",
        [nameof(TrainingConfig.ChannelsLast)] = "--channels-last",
        [SettingKeys.Optimizers] = "--optimizers",
        [SettingKeys.Seeds] = "--seeds",
        [SettingKeys.TuneSeeds] = "--tune-seeds",
        [SettingKeys.GridPoints] = "--grid-points",
        [SettingKeys.GridFactor] = "--grid-factor",
        [SettingKeys.TuneGrid] = "--tune-grid",
        [SettingKeys.Target] = "--target",
        [SettingKeys.KubernetesImage] = "--k8s-image",
        [SettingKeys.KubernetesVolumeClaim] = "--k8s-volume-claim",
        [SettingKeys.Workloads] = "--workloads",
        [SettingKeys.Output] = "--out",
        [SettingKeys.RunIndex] = "--index",
    };

    /// <summary>Settings whose errors name no single option (they say what to do in their message).</summary>
    internal static readonly IReadOnlySet<string> WithoutOption = new HashSet<string>(StringComparer.Ordinal) { SettingKeys.Plan };

    /// <summary>The option that sets <paramref name="setting"/>, or null.</summary>
    internal static string? OptionFor(string setting) => OptionOf.GetValueOrDefault(setting);

    public static int Run(ParseResult parse, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (InvalidSettingException e)
        {
            string prefix = OptionOf.TryGetValue(e.Setting, out var option) ? $"{option}: " : "";
            parse.InvocationConfiguration.Error.WriteLine($"error: {prefix}{e.Message}");
            return ExitCodes.Failure;
        }
        catch (RunFolderConflictException e)
        {
            var flags = new List<string>();
            if (e.Remedies.HasFlag(FolderRemedy.Resume)) flags.Add("--resume continues it");
            if (e.Remedies.HasFlag(FolderRemedy.Overwrite)) flags.Add("--overwrite trains it again");
            if (e.Remedies.HasFlag(FolderRemedy.StartNew)) flags.Add("leave out --resume to start one");
            if (e.Remedies.HasFlag(FolderRemedy.OtherFolder)) flags.Add("choose another --out");
            string remedy = flags.Count switch { 0 => ".", 1 => $": {flags[0]}.", _ => $": {string.Join(", ", flags[..^1])}, or {flags[^1]}." };
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Fact}{remedy}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is DatasetException or IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
