namespace VeloGrad.Runs;

/// <summary>The <c>--quick</c> preset of an experiment: minutes on 2 CPU cores, still a real comparison on real data
/// where available. It fills in what the user did not set.</summary>
public static class ComparisonPreset
{
    public const string QuickModel = "small-cnn";
    public const int QuickEpochs = 5, QuickTrainLimit = 10_000, QuickTestLimit = 2_000;

    /// <summary>velograd tune --quick: the same model on fewer images; trials of one epoch over two seeds, final runs of
    /// three epochs over two further seeds (4 optimizers × 7 rates × 2 seeds = 56 short trials).</summary>
    public const int TuneTrainLimit = 5_000, TuneTestLimit = 1_000, TuneEpochs = 3, TuneTrialEpochs = 1, TuneSeeds = 2;

    /// <summary>velograd ablate --quick: 7 variants × 3 seeds of three epochs on 5,000 images.</summary>
    public const int AblateTrainLimit = 5_000, AblateTestLimit = 1_000, AblateEpochs = 3, AblateSeeds = 3;

    /// <summary>One line for help texts.</summary>
    public static string QuickDescription => $"{QuickModel}, {QuickEpochs} epochs, {QuickTrainLimit:N0}/{QuickTestLimit:N0} samples";
}
