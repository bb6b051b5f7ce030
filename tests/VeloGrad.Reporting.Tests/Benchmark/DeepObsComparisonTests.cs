using VeloGrad.Reporting.Benchmark;
using VeloGrad.Reporting.Tests.Comparison;
using static VeloGrad.Reporting.Benchmark.DeepObsComparison;

namespace VeloGrad.Reporting.Tests.Benchmark;

/// <summary>A benchmark's DeepOBS problem set beside DeepOBS's published baselines, on hand-made quadratic_deep runs.</summary>
public class DeepObsComparisonTests
{
    private static readonly OptimizerSpec VeloGradSpec = OptimizerSpec.Parse("velograd");
    private static readonly IReadOnlyList<OptimizerSpec> Suite = DeepObsOptimizers.Suite;

    /// <summary>quadratic_deep over 10 epochs: our SGD ends where DeepOBS's does after 10 epochs (≈ 93.0), our Adam 3 above
    /// DeepOBS's (≈ 94.7), our Momentum has one run, VeloGrad stays at the start.</summary>
    private static BenchmarkAnalysis Analyse(HandMadeRuns runs, int? trainLimit = null)
    {
        var workload = BenchmarkWorkload.Of(WorkloadCatalog.QuadraticDeep, quick: false, Suite, epochs: 10);
        var plan = new BenchmarkPlan([workload], Suite, [0, 1, 2], Quick: false);
        using var quadratic = new HandMadeRuns(Path.Combine(runs.Folder, "quadratic_deep"));
        double[] Curve(double end) => [.. Enumerable.Range(1, 10).Select(e => end + (10 - e))];
        for (ulong seed = 0; seed < 3; seed++)
        {
            quadratic.AddLoss(workload.Optimizers![0].ToString(), seed, Curve(353.4), model: "quadratic-deep", dataset: "quadratic", initial: 353.45, trainLimit: trainLimit);
            quadratic.AddLoss(workload.Optimizers![1].ToString(), seed, Curve(92.9 + 0.1 * seed), model: "quadratic-deep", dataset: "quadratic", initial: 353.45, trainLimit: trainLimit);
            quadratic.AddLoss(workload.Optimizers![3].ToString(), seed, Curve(97.7 + 0.05 * seed), model: "quadratic-deep", dataset: "quadratic", initial: 353.45, trainLimit: trainLimit);
        }
        quadratic.AddLoss(workload.Optimizers![2].ToString(), 0, Curve(134.3), model: "quadratic-deep", dataset: "quadratic", initial: 353.45, trainLimit: trainLimit);
        return BenchmarkAnalysis.Load(plan, runs.Folder);
    }

    [Fact]
    public void Each_baseline_is_set_beside_DeepOBSs_run_of_it_and_VeloGrad_beside_the_best()
    {
        using var runs = new HandMadeRuns();
        var analysis = Analyse(runs);
        var d = Assert.Single(analysis.DeepObs);
        Assert.Equal(("quadratic_deep", 10, WorkloadMetric.Loss, false), (d.Problem, d.Epoch, d.Metric, d.Subset));
        var published = DeepObsBaselines.Published.Of("quadratic_deep")!;
        Assert.Equal("SGD", d.BestPublished); // after 10 epochs plain SGD leads DeepOBS's three
        Assert.Equal(published.Of("SGD")!.MeanAt(10)!.Value, d.BestPublishedMean, 12);

        var (velograd, sgd, momentum, adam) = (d.Rows[0], d.Rows[1], d.Rows[2], d.Rows[3]);
        Assert.Equal(("VeloGrad", (string?)null, "DeepOBS's best, SGD", Agreement.Worse), (velograd.Optimizer, velograd.DeepObsName, velograd.Against, velograd.Verdict));
        Assert.Equal(("SGD", Agreement.Agree), (sgd.DeepObsName, sgd.Verdict));
        Assert.Equal(published.Of("SGD")!.LearningRate, sgd.PublishedRate);
        Assert.Equal(93.0, sgd.Ours!.Mean, 12);
        Assert.Equal(published.Of("SGD")!.At(10).Count, sgd.Published!.Runs);
        Assert.Equal(Agreement.Worse, adam.Verdict); // 97.75 against DeepOBS's 94.67 ± 0.04: 3 above, far beyond the spread
        Assert.Equal(94.672 - 97.75, adam.Advantage!.Value, 2);
        // One run of ours: it borrows DeepOBS's spread, which has several runs.
        Assert.Equal(1, momentum.Ours!.Runs);
        Assert.NotEqual(Agreement.UnknownSpread, momentum.Verdict);

        string md = analysis.ToMarkdown();
        Assert.Contains("## Beside DeepOBS's published baselines", md, StringComparison.Ordinal);
        Assert.Contains("### quadratic_deep: test loss after 10 epochs", md, StringComparison.Ordinal);
        Assert.Contains("they agree (difference", md, StringComparison.Ordinal);
        Assert.Contains(DeepObsBaselines.Published.Source, md, StringComparison.Ordinal);

        using var output = new TemporaryOutput();
        BenchmarkReport.Write(analysis, output.Folder);
        Assert.True(new FileInfo(Path.Combine(output.Folder, DeepObsFigure.FileName)).Length > 10_000);
        Assert.Contains("\"deep_obs\"", File.ReadAllText(Path.Combine(output.Folder, "benchmark.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_on_a_subset_stand_beside_DeepOBSs_without_a_verdict()
    {
        using var runs = new HandMadeRuns();
        var d = Assert.Single(Analyse(runs, trainLimit: 500).DeepObs);
        Assert.True(d.Subset);
        Assert.All(d.Rows, r => Assert.Equal(Agreement.NotComparable, r.Verdict));
        Assert.Contains("not comparable (subset)", Analyse(runs, trainLimit: 500).ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_spread_borrows_the_other_sides_deviation_and_is_unknown_with_one_run_each()
    {
        Assert.Equal(5, Spread(new Figure(0, 3, 4), new Figure(1, 4, 5)));
        Assert.Equal(Math.Sqrt(2) * 3, Spread(new Figure(0, 0, 1), new Figure(1, 3, 5))!.Value, 12);
        Assert.Null(Spread(new Figure(0, 0, 1), new Figure(1, 0, 1)));
    }

    [Fact]
    public void A_problem_DeepOBS_published_nothing_for_has_no_comparison()
    {
        var workload = BenchmarkWorkload.Of(WorkloadCatalog.FmnistMlp, quick: false, [VeloGradSpec]);
        Assert.Null(DeepObsComparison.Of(workload, [VeloGradSpec], [null]));
    }
}
