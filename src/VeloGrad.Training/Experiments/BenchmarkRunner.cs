namespace VeloGrad.Training.Experiments;

/// <summary>
/// A benchmark end to end: the folder checked (a new benchmark needs one without one; a resumed one the same plan) and
/// its plan written, each workload an experiment of its own in OUT/&lt;workload&gt;/ (its comparison, or its tuning and
/// final comparison, through the same runners and executors as compare and tune), then the judgement across workloads
/// and beside DeepOBS's published baselines in OUT/benchmark.md/.json/.png and OUT/deepobs.png.
/// </summary>
public static class BenchmarkRunner
{
    public static ExperimentOutcome Run(BenchmarkExperiment benchmark, ExperimentFolder folder, ExperimentSession session)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(session);
        var plan = benchmark.Plan;
        var saved = BenchmarkPlan.TryLoad(folder);
        ResumeCheck.RequireNewOrSame(folder, session.Resume, saved, saved is not null, "a benchmark", "benchmarked", plan.DifferencesFrom);
        Directory.CreateDirectory(folder.Path);
        plan.Save(folder);

        var o = session.Output;
        var outcome = ExperimentOutcome.Completed;
        bool handedOff = false;
        for (int i = 0; i < benchmark.Stages.Count; i++)
        {
            var (workload, comparison, tuning) = benchmark.Stages[i];
            double target = plan.Workloads[i].Target;
            o.WriteLine();
            o.WriteLine($"[{i + 1}/{benchmark.Stages.Count}] {workload.Name}: {workload.Description}; {Counted.Of(plan.Workloads[i].Epochs, "epoch")}, target {workload.Metric.Target(target)}");
            if (workload.BaselineRatesNote is { } note) o.WriteLine($"  {note}.");
            var workloadFolder = folder.Workload(workload.Name);
            var stage = tuning is not null
                ? TuningRunner.Run(tuning, workloadFolder, session, target)
                : StageRunner.Run(comparison!, workloadFolder, session, target, (f, w) => ExperimentReports.Comparison(f, w, target));
            if (stage == ExperimentOutcome.Interrupted) return stage;
            handedOff |= stage == ExperimentOutcome.HandedOff;
            outcome = ExperimentOutcomes.Worst(outcome, stage);
        }
        // Runs handed to a cluster (kubernetes, slurm --no-wait) have not run: a judgement now would score nothing.
        if (handedOff)
            o.WriteLine($"The runs are handed off; once they are done, velograd report {folder} writes the benchmark's tables and judgement.");
        else ExperimentReports.Benchmark(plan, folder, o);
        return outcome;
    }
}
