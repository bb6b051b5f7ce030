using VeloGrad.Reporting.Benchmark;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Tests.Comparison;
using static VeloGrad.Reporting.Benchmark.BenchmarkAnalysis;

namespace VeloGrad.Reporting.Tests.Benchmark;

/// <summary>The benchmark's judgement on hand-made workloads.</summary>
public class BenchmarkAnalysisTests
{
    private static readonly BenchmarkPlan Plan = new(
        [new BenchmarkWorkload("easy", 3, 60), new BenchmarkWorkload("hard", 3, 90)],
        [OptimizerSpec.Parse("velograd"), OptimizerSpec.Parse("adam")], [0, 1, 2], Quick: true);

    [Fact]
    public void Wins_losses_costs_and_profiles_per_workload()
    {
        using var runs = new HandMadeRuns();
        using var easy = new HandMadeRuns(Path.Combine(runs.Folder, "easy"));
        using var hard = new HandMadeRuns(Path.Combine(runs.Folder, "hard"));
        for (ulong seed = 0; seed < 3; seed++)
        {
            // easy: VeloGrad reaches 60 % in epoch 1 on every seed and ends 2 points above Adam on each (paired: wins);
            // Adam reaches it in epoch 2.
            easy.Add("velograd", seed, [61, 70, 80 + seed], [1, 0.8, 0.6], epochTime: 10);
            easy.Add("adam", seed, [50, 65, 78 + seed], [1, 0.8, 0.6], epochTime: 5);
            // hard: nobody reaches 90 %; Adam ends higher on two seeds, lower on one (not significant).
            hard.Add("velograd", seed, [40, 50, 60 + (seed == 1 ? 3 : 0)], [1, 0.9, 0.8]);
            hard.Add("adam", seed, [40, 50, 61], [1, 0.9, 0.8]);
        }
        var analysis = BenchmarkAnalysis.Load(Plan, runs.Folder);

        Assert.Equal(["VeloGrad", "Adam"], analysis.Optimizers);
        var onEasy = analysis.Workloads[0].Optimizers;
        Assert.Equal(Standing.Wins, onEasy[0].Standing);
        Assert.Equal(2, onEasy[0].Paired!.Difference, 12);
        Assert.Equal(Standing.Loses, onEasy[1].Standing);
        Assert.Equal((1.0, 10.0), (onEasy[0].EpochCost, onEasy[0].SecondCost));
        Assert.Equal((2.0, 10.0), (onEasy[1].EpochCost, onEasy[1].SecondCost)); // two epochs of 5 s
        Assert.Equal(3, onEasy[0].Reached);

        var onHard = analysis.Workloads[1].Optimizers;
        Assert.All(onHard, r => Assert.Equal(Standing.NotSignificant, r.Standing));
        Assert.All(onHard, r => Assert.True(double.IsPositiveInfinity(r.EpochCost)));

        // By epochs VeloGrad is fastest on the one workload anyone solves; by seconds they tie there.
        Assert.Equal([0.5, (4 - 2.0) / 3 / 2], analysis.ByEpochs.Scores);
        Assert.Equal([0.5, 0.5], analysis.BySeconds.Scores);
        Assert.StartsWith("VeloGrad: wins on easy (best, +2.00 points over Adam, paired p < 0.001); nothing significant on hard", analysis.Sentences[0], StringComparison.Ordinal);
        Assert.StartsWith("Adam: loses on easy (-2.00 points against VeloGrad, paired p < 0.001); nothing significant on hard", analysis.Sentences[1], StringComparison.Ordinal);

        // Nobody reached hard's target: it counts against both alike, and the sentences say so.
        Assert.Equal(["hard"], analysis.Unreached);
        Assert.All(analysis.Sentences, s => Assert.EndsWith("(no optimizer reached the target on hard, which counts against every optimizer alike).", s, StringComparison.Ordinal));

        using var output = new TemporaryOutput();
        BenchmarkReport.Write(analysis, output.Folder);
        foreach (var file in BenchmarkReport.Files.All) Assert.True(new FileInfo(Path.Combine(output.Folder, file)).Length > 100, file);
        string md = File.ReadAllText(Path.Combine(output.Folder, "benchmark.md"));
        Assert.True(md.Contains("| VeloGrad | 3 | 81.00 (78.52–83.48) | 3/3 | 1.0 (1.0–1.0) | 10 (10–10) | wins (p < 0.001 against Adam) |", StringComparison.Ordinal), md);
        Assert.Contains("\"epoch_cost\": \"Infinity\"", File.ReadAllText(Path.Combine(output.Folder, "benchmark.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_scores_where_no_optimizer_reached_any_target_are_said_to_measure_nothing_not_scored_zero()
    {
        // Runs cut short (benchmark --epochs) keep their budget's target: here nobody reaches 90 % in three epochs.
        var plan = Plan with { Workloads = [new BenchmarkWorkload("hard", 3, 90)] };
        using var runs = new HandMadeRuns();
        using var hard = new HandMadeRuns(Path.Combine(runs.Folder, "hard"));
        for (ulong seed = 0; seed < 3; seed++)
        {
            hard.Add("velograd", seed, [40, 50, 60 + seed], [1, 0.9, 0.8]);
            hard.Add("adam", seed, [40, 50, 61], [1, 0.9, 0.8]);
        }
        var analysis = BenchmarkAnalysis.Load(plan, runs.Folder);

        Assert.Equal(["hard"], analysis.Unreached);
        Assert.All(analysis.Sentences, s => Assert.Contains("Profile scores: none, as no optimizer reached any workload's target on every seed within the epochs it trained", s, StringComparison.Ordinal));
        Assert.All(analysis.Sentences, s => Assert.DoesNotContain("0.00 by epochs", s, StringComparison.Ordinal));
        Assert.Contains("Note: no optimizer reached any workload's target", analysis.ToMarkdown(), StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(analysis.ToJson());
        Assert.Equal(["hard"], json.RootElement.GetProperty("unreached").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void An_optimizer_whose_every_run_diverged_is_said_to_have_diverged()
    {
        using var runs = new HandMadeRuns();
        using var easy = new HandMadeRuns(Path.Combine(runs.Folder, "easy"));
        for (ulong seed = 0; seed < 2; seed++)
        {
            easy.Add("velograd", seed, [61, 62], [1, 0.9], status: RunStatus.Diverged);
            easy.Add("adam", seed, [61, 65 + seed], [1, 0.8]);
        }
        var analysis = BenchmarkAnalysis.Load(Plan, runs.Folder);
        var velograd = analysis.Workloads[0].Optimizers[0];
        Assert.Equal((Standing.Diverged, 2, 0), (velograd.Standing, velograd.Diverged, velograd.Seeds));
        Assert.True(double.IsPositiveInfinity(velograd.EpochCost));
        Assert.Contains("diverged on easy", analysis.Sentences[0], StringComparison.Ordinal);
        Assert.Contains("| VeloGrad | 0 (2 diverged) | — | 0/0 | — | — | diverged on every seed |", analysis.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_workload_without_runs_is_not_testable_and_costs_infinity()
    {
        using var runs = new HandMadeRuns();
        using var easy = new HandMadeRuns(Path.Combine(runs.Folder, "easy"));
        easy.Add("velograd", 0, [70], [1]);
        easy.Add("adam", 0, [65], [1]);
        var analysis = BenchmarkAnalysis.Load(Plan, runs.Folder);
        Assert.All(analysis.Workloads[1].Optimizers, r => Assert.Equal(Standing.NotTestable, r.Standing));
        Assert.All(analysis.Workloads[0].Optimizers, r => Assert.Equal(Standing.NotTestable, r.Standing)); // one seed
        Assert.Contains("not testable on easy, hard", analysis.Sentences[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_loss_workload_is_won_by_the_lower_loss_and_its_target_is_reached_from_above()
    {
        var plan = new BenchmarkPlan([new BenchmarkWorkload("vae", 3, 40, WorkloadMetric.Loss)],
            [OptimizerSpec.Parse("velograd"), OptimizerSpec.Parse("adam")], [0, 1, 2], Quick: true);
        using var runs = new HandMadeRuns();
        using var vae = new HandMadeRuns(Path.Combine(runs.Folder, "vae"));
        for (ulong seed = 0; seed < 3; seed++)
        {
            // Adam gets under 40 in epoch 2 and ends 5 below VeloGrad on every seed; VeloGrad never gets under 40.
            vae.AddLoss("velograd", seed, [60, 50, 45 + seed]);
            vae.AddLoss("adam", seed, [50, 39, 40 + seed]);
        }
        var analysis = BenchmarkAnalysis.Load(plan, runs.Folder);

        var result = analysis.Workloads[0];
        Assert.Equal(WorkloadMetric.Loss, result.Metric);
        var (velograd, adam) = (result.Optimizers[0], result.Optimizers[1]);
        Assert.Equal(Standing.Wins, adam.Standing);
        Assert.Equal(5, adam.Paired!.Difference, 12); // the winner's advantage: its loss 5 lower
        Assert.Equal(Standing.Loses, velograd.Standing);
        Assert.Equal(41, adam.Final!.Mean, 12);
        Assert.Equal((3, 2.0), (adam.Reached, adam.EpochCost));
        Assert.Equal(0, velograd.Reached);
        Assert.Equal([0.0, 1.0], analysis.ByEpochs.Scores);
        Assert.StartsWith("Adam: wins on vae (best, loss 5.000 below VeloGrad's, paired p < 0.001)", analysis.Sentences[1], StringComparison.Ordinal);
        Assert.StartsWith("VeloGrad: loses on vae (loss 5.000 above Adam's, paired p < 0.001)", analysis.Sentences[0], StringComparison.Ordinal);
        string md = analysis.ToMarkdown();
        Assert.Contains("## vae (target loss ≤ 40, 3 epochs)", md, StringComparison.Ordinal);
        Assert.Contains("| optimizer | seeds | final test loss |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_written_before_loss_workloads_still_reads_its_accuracy_targets()
    {
        string json = """{"workloads":[{"name":"fmnist-mlp","epochs":2,"target_accuracy":70}],"optimizers":["adam"],"seeds":[0],"quick":true}""";
        string folder = Directory.CreateTempSubdirectory("velograd-plan-").FullName;
        try
        {
            File.WriteAllText(new ExperimentFolder(folder).BenchmarkPlan, json);
            var plan = BenchmarkPlan.TryLoad(new ExperimentFolder(folder))!;
            Assert.Equal(new BenchmarkWorkload("fmnist-mlp", 2, 70, WorkloadMetric.Accuracy), plan.Workloads[0]);
            plan.Save(new ExperimentFolder(folder));
            string saved = File.ReadAllText(new ExperimentFolder(folder).BenchmarkPlan);
            Assert.Contains("\"target\": 70", saved, StringComparison.Ordinal);
            Assert.Contains("\"metric\": \"accuracy\"", saved, StringComparison.Ordinal);
            Assert.DoesNotContain("target_accuracy", saved, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
