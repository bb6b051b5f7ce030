using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Tests.Comparison;
using VeloGrad.Reporting.Tuning;

namespace VeloGrad.Reporting.Tests.Tuning;

public class TuningAnalysisTests
{
    private static readonly IReadOnlyList<double> Factors = TuningProtocol.Grid(3, 2);

    private static TuningProtocol Protocol(params (string Spec, double Rate)[] optimizers) => new()
    {
        Optimizers = [.. optimizers.Select(o => TuningCandidates.Of(OptimizerSpec.Parse(o.Spec), o.Rate, 1e-4, Factors, [1]))],
        RateFactors = Factors,
        TrialConfig = new TrainingConfig { Epochs = 2, ValidationSplit = 0.1 },
        TuneSeeds = [0, 1],
        FinalConfig = new TrainingConfig { Epochs = 2 },
        FinalSeeds = [2, 3],
    };

    private static TrainingConfig Validated(TrainingConfig c) => c with { ValidationSplit = 0.1 };

    /// <summary>Two seeds of a trial whose last-epoch validation accuracies are <paramref name="a"/> and <paramref name="b"/>.</summary>
    private static void Trial(HandMadeRuns runs, string spec, double a, double b, RunStatus second = RunStatus.Completed)
    {
        runs.Add(spec, 0, [50, a], [1, 0.5], epochTime: 3, configure: Validated);
        runs.Add(spec, 1, [50, b], [1, 0.5], status: second, epochTime: 3, configure: Validated);
    }

    [Fact]
    public void The_grid_is_centred_on_the_default_and_spaced_by_the_factor()
    {
        Assert.Equal([0.125, 0.25, 0.5, 1, 2, 4, 8], TuningProtocol.Grid(7, 2));
        Assert.Throws<InvalidSettingException>(() => TuningProtocol.Grid(6, 2));
        Assert.Throws<InvalidSettingException>(() => TuningProtocol.Grid(7, 1));
        var adam = TuningCandidates.Of(OptimizerSpec.Parse("adam:beta2=0.99"), 1e-3, 1e-4, Factors, [1]);
        Assert.Equal(["adam:beta2=0.99,lr=0.0005", "adam:beta2=0.99,lr=0.001", "adam:beta2=0.99,lr=0.002"], adam.Trials.Select(t => t.Spec.ToString()));
    }

    [Fact]
    public void The_best_mean_wins_ties_go_to_the_lower_rate_and_a_diverged_point_cannot_win()
    {
        using var runs = new HandMadeRuns();
        Trial(runs, "adam:lr=0.0005", 70, 72);
        Trial(runs, "adam:lr=0.001", 73, 75);
        Trial(runs, "adam:lr=0.002", 80, 90, second: RunStatus.Diverged); // best mean of what finished, but a seed diverged
        Trial(runs, "sgd:lr=0.005", 60, 62);
        Trial(runs, "sgd:lr=0.01", 61, 61); // ties with 0.005's mean of 61
        Trial(runs, "sgd:lr=0.02", 55, 56);
        var analysis = TuningAnalysis.Of(Protocol(("adam", 1e-3), ("sgd", 0.01)), ComparisonSet.Load([runs.Folder]));

        var adam = analysis.Optimizers[0];
        Assert.Equal(OptimizerSpec.Parse("adam:lr=0.001"), adam.ChosenSpec);
        Assert.Equal(74, adam.Chosen!.Mean!.Value, 12);
        Assert.Equal(1, adam.Trials[2].Diverged);
        Assert.False(adam.ChosenAtGridEdge);
        var sgd = analysis.Optimizers[1];
        Assert.Equal(OptimizerSpec.Parse("sgd:lr=0.005"), sgd.ChosenSpec);
        Assert.True(sgd.ChosenAtGridEdge);
        Assert.Equal(new TuningAnalysis.TuningBudget(3, 6, 12, 36), sgd.Budget);
        Assert.Equal(new TuningAnalysis.TuningBudget(3, 6, 12, 36), adam.Budget);
        Assert.True(analysis.Complete);

        string md = analysis.ToMarkdown();
        Assert.Contains("| 0.001 | 1× | **74.00 ± 1.41** ← chosen | 2 |", md, StringComparison.Ordinal);
        Assert.Contains("(1 diverged)", md, StringComparison.Ordinal);
        Assert.Contains("edge of the grid", md, StringComparison.Ordinal);
        Assert.Contains("\"chosen_spec\": \"sgd:lr=0.005\"", analysis.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_trials_leave_the_tuning_incomplete()
    {
        using var runs = new HandMadeRuns();
        Trial(runs, "adam:lr=0.0005", 70, 72);
        var analysis = TuningAnalysis.Of(Protocol(("adam", 1e-3)), ComparisonSet.Load([runs.Folder]));
        Assert.False(analysis.Complete);
        Assert.Equal(2, analysis.Optimizers[0].Trials[1].Missing);
        Assert.Contains("(2 not run yet)", analysis.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Trials_evaluated_on_the_test_set_are_refused()
    {
        using var runs = new HandMadeRuns();
        runs.Add("adam:lr=0.001", 0, [50, 60], [1, 0.5]);
        var error = Assert.Throws<InvalidDataException>(() => TuningAnalysis.Of(Protocol(("adam", 1e-3)), ComparisonSet.Load([runs.Folder])));
        Assert.Contains("evaluated on the test set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_files_are_written()
    {
        using var runs = new HandMadeRuns();
        Trial(runs, "adam:lr=0.0005", 70, 72);
        Trial(runs, "adam:lr=0.001", 73, 75);
        Trial(runs, "adam:lr=0.002", 71, 70);
        var analysis = TuningAnalysis.Of(Protocol(("adam", 1e-3)), ComparisonSet.Load([runs.Folder]));
        using var output = new TemporaryOutput();
        TuningReport.Write(analysis, output.Folder);
        foreach (var file in TuningReport.Files.All) Assert.True(new FileInfo(Path.Combine(output.Folder, file)).Length > 100, file);
        var png = File.ReadAllBytes(Path.Combine(output.Folder, TuningReport.Files.Figure));
        Assert.Equal((byte)0x89, png[0]);
    }
}
