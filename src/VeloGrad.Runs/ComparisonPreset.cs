namespace VeloGrad.Runs;

/// <summary>The <c>--quick</c> preset of an experiment: minutes on 2 CPU cores, still a real comparison on real data
/// where available. It fills in what the user did not set.</summary>
public static class ComparisonPreset
{
    public const string QuickModel = "small-cnn";
    public const int QuickEpochs = 5, QuickTrainLimit = 10_000, QuickTestLimit = 2_000;

    /// <summary>One line for help texts.</summary>
    public static string QuickDescription => $"{QuickModel}, {QuickEpochs} epochs, {QuickTrainLimit:N0}/{QuickTestLimit:N0} samples";
}
