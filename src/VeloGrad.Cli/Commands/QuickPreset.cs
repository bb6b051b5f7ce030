using System.CommandLine;

namespace VeloGrad.Cli.Commands;

/// <summary>
/// --quick: fills in what the user did not set with values that finish in minutes on 2 CPU cores
/// (<see cref="ComparisonPreset"/>); explicit options always win.
/// </summary>
internal sealed class QuickPreset(ParseResult parse, Option<bool> quick)
{
    public bool IsOn { get; } = parse.GetValue(quick);

    /// <summary>The option's value, or <paramref name="quickValue"/> when the preset is on and the option was not given.</summary>
    public T Pick<T>(Option<T> option, T quickValue) =>
        IsOn && parse.GetResult(option) is null or { Implicit: true } ? quickValue : parse.GetValue(option)!;

    /// <summary>The preset's model and the command's quick epochs and split sizes on <paramref name="config"/>
    /// (compare's by default).</summary>
    public TrainingConfig Apply(TrainingConfig config, TrainingOptions training, DatasetOptions data,
        int epochs = ComparisonPreset.QuickEpochs, int trainLimit = ComparisonPreset.QuickTrainLimit, int testLimit = ComparisonPreset.QuickTestLimit)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(data);
        return config with
        {
            Model = Pick(training.Model, ComparisonPreset.QuickModel),
            Epochs = Pick(training.Epochs, epochs),
            TrainLimit = Pick(data.TrainLimit, trainLimit),
            TestLimit = Pick(data.TestLimit, testLimit),
        };
    }
}
