using System.CommandLine;

namespace VeloGrad.Cli.Commands;

/// <summary>
/// --quick: fills in what the user did not set with values that finish in minutes on 2 CPU cores
/// (<see cref="ComparisonPreset"/>); explicit options always win. <see cref="TrainingOptions.Config"/> reads it
/// as it builds the configuration.
/// </summary>
internal sealed class QuickPreset(ParseResult parse, Option<bool> quick, QuickBudget? budget = null)
{
    public bool IsOn { get; } = parse.GetValue(quick);

    /// <summary>The command's quick epochs and split sizes (compare's by default).</summary>
    public QuickBudget Budget { get; } = budget ?? new();

    /// <summary>The option's value, or <paramref name="quickValue"/> when the preset is on and the option was not given.</summary>
    public T Pick<T>(Option<T> option, T quickValue) =>
        IsOn && parse.GetResult(option) is null or { Implicit: true } ? quickValue : parse.GetValue(option)!;
}

/// <summary>What --quick trains: the preset's model for the given epochs on split sizes of this many samples.</summary>
internal sealed record QuickBudget(int Epochs = ComparisonPreset.QuickEpochs, int TrainLimit = ComparisonPreset.QuickTrainLimit,
    int TestLimit = ComparisonPreset.QuickTestLimit);
