using VeloGrad.Reporting.Comparison;

namespace VeloGrad.Reporting.Tests.Comparison;

/// <summary>Merging folders never double-counts, mixes or silently overwrites runs.</summary>
public class MergeByIdentityTests
{
    private static void TwoOptimizersTwoSeeds(HandMadeRuns runs, Func<TrainingConfig, TrainingConfig>? configure = null)
    {
        for (ulong seed = 0; seed < 2; seed++)
        {
            runs.Add("velograd", seed, [60, 70 + seed], [0.9, 0.5], configure: configure);
            runs.Add("sgd", seed, [55, 65 - seed], [1.0, 0.7], configure: configure);
        }
    }

    [Fact]
    public void The_same_folder_given_twice_counts_each_run_once()
    {
        using var runs = new HandMadeRuns();
        TwoOptimizersTwoSeeds(runs);
        var once = ComparisonSet.Load([runs.Folder]);
        var twice = ComparisonSet.Load([runs.Folder, runs.Folder + Path.DirectorySeparatorChar]);
        Assert.All(twice.Optimizers, o => Assert.Equal(2, o.Runs.Count));
        Assert.Equal(4, twice.Duplicates);
        Assert.Equal(ComparisonAnalysis.Of(once).Claims.Select(c => c.P), ComparisonAnalysis.Of(twice).Claims.Select(c => c.P));
    }

    [Fact]
    public void A_copy_of_a_run_in_another_folder_counts_once_but_two_copies_that_disagree_are_an_error_naming_both()
    {
        using var a = new HandMadeRuns();
        using var b = new HandMadeRuns();
        TwoOptimizersTwoSeeds(a);
        b.Add("velograd", 1, [60, 71], [0.9, 0.5], epochTime: 99); // the same run, timed differently
        Assert.Equal(1, ComparisonSet.Load([a.Folder, b.Folder]).Duplicates);

        using var c = new HandMadeRuns();
        c.Add("velograd", 1, [60, 75], [0.9, 0.5]); // same identity, other figures
        var error = Assert.Throws<InvalidDataException>(() => ComparisonSet.Load([a.Folder, c.Folder]));
        Assert.Contains("disagree", error.Message, StringComparison.Ordinal);
        Assert.Contains(a.Folder, error.Message, StringComparison.Ordinal);
        Assert.Contains(c.Folder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_of_different_configurations_are_refused_with_the_differences_listed()
    {
        using var a = new HandMadeRuns();
        using var b = new HandMadeRuns();
        TwoOptimizersTwoSeeds(a);
        b.Add("velograd", 5, [60, 70], [0.9, 0.5], configure: c => c with { TrainLimit = 512 });
        var error = Assert.Throws<InvalidDataException>(() => ComparisonSet.Load([a.Folder, b.Folder]));
        Assert.Contains("cannot be pooled", error.Message, StringComparison.Ordinal);
        Assert.Contains("train/test limits", error.Message, StringComparison.Ordinal);

        using var d = new HandMadeRuns();
        d.Add("velograd", 5, [60, 70, 72], [0.9, 0.5, 0.4]);
        Assert.Contains("epochs 2 → 3", Assert.Throws<InvalidDataException>(() => ComparisonSet.Load([a.Folder, d.Folder])).Message, StringComparison.Ordinal);
    }
}
