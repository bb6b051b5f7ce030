using VeloGrad.Training.Engine;

namespace VeloGrad.Training.Experiments;

/// <summary>What a benchmark is asked to be: the workloads, the optimizers (a DeepOBS baseline without lr= runs at the
/// rate DeepOBS tuned for each problem), the seeds from <paramref name="FirstSeed"/> (the tuning's first, then the final
/// runs'), quick budgets or full ones, how each optimizer is tuned per workload (null: not), an epoch count replacing
/// every budget's (targets stay the budget's), the device, and a precision replacing each workload's own (null: its own,
/// float32 for DeepOBS's problems).</summary>
public sealed record BenchmarkRequest(IReadOnlyList<Workload> Workloads, IReadOnlyList<OptimizerSpec> Optimizers, ulong FirstSeed, int Seeds, bool Quick)
{
    public BenchmarkTuning? Tuning { get; init; }
    public int? Epochs { get; init; }
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;
    public Precision? Precision { get; init; }
}

/// <summary>One workload of a benchmark, ready to run: its definition and its comparison, or, tuned, its tuning protocol
/// (its epochs and target are the plan's <see cref="BenchmarkWorkload"/>).</summary>
public sealed record BenchmarkStage(Workload Workload, RunPlan? Comparison, TuningProtocol? Tuning);

/// <summary>
/// A benchmark ready to run: its plan (OUT/benchmark-plan.json, for resume and report) and, in its order, every
/// workload's stage, each made and checked before anything runs.
/// </summary>
public sealed record BenchmarkExperiment(BenchmarkPlan Plan, IReadOnlyList<BenchmarkStage> Stages)
{
    /// <summary>The benchmark <paramref name="request"/> asks for, every plan and protocol checked.</summary>
    /// <exception cref="InvalidSettingException">A setting is out of range (the message names it).</exception>
    public static BenchmarkExperiment Of(BenchmarkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Epochs is < 1) throw new InvalidSettingException(nameof(TrainingConfig.Epochs), $"A workload trains at least 1 epoch (got {request.Epochs}).");
        if (request.Workloads.Count == 0) throw new InvalidSettingException(SettingKeys.Workloads, "A benchmark needs at least one workload.");
        var twice = request.Workloads.GroupBy(w => w.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidSettingException(SettingKeys.Workloads, $"Workload '{twice.Key}' is listed twice: list each once.");
        DeviceResolution.Resolve(request.Device); // CUDA asked for and missing is said before anything is written
        var tuning = request.Tuning;
        ulong first = request.FirstSeed;
        var tuningSeeds = tuning is null ? [] : ExperimentSeeds.Consecutive(first, tuning.TuneSeeds, SettingKeys.TuneSeeds, "Tuning");
        var seeds = ExperimentSeeds.Consecutive(first + (ulong)tuningSeeds.Count, request.Seeds, SettingKeys.Seeds, "A benchmark");
        var specs = request.Optimizers;
        var plan = new BenchmarkPlan([.. request.Workloads.Select(w => BenchmarkWorkload.Of(w, request.Quick, specs, request.Epochs))], specs, seeds, request.Quick, tuning);
        var rateFactors = tuning is null ? null : tuning.IsDeepObs ? BenchmarkTuning.DeepObsRates : TuningProtocol.Grid(tuning.GridPoints, tuning.GridFactor);
        var stages = request.Workloads.Select((workload, i) =>
        {
            var config = workload.Config(specs[0], request.Quick, request.Epochs);
            config = config with { Device = request.Device, Precision = request.Precision ?? config.Precision };
            var optimizers = plan.Workloads[i].Optimizers!; // each workload runs the optimizers as they are there
            if (tuning is null) return new BenchmarkStage(workload, RunPlan.Create(config, optimizers, seeds[0], seeds.Count), null);
            // Tuned: every run, trial or final, loads the data of the tuning's first seed.
            var protocol = TuningRunner.Protocol(optimizers, rateFactors!, [1],
                config with { ValidationSplit = tuning.ValidationSplit, ValidationSeed = first, Seed = 0 }, tuningSeeds,
                config with { Seed = 0 }, seeds, absoluteRates: tuning.IsDeepObs);
            return new BenchmarkStage(workload, null, protocol);
        }).ToList();
        return new BenchmarkExperiment(plan, stages);
    }

    /// <summary>Runs the tuning trials first, when tuned.</summary>
    public int TrialRuns => Stages.Sum(s => s.Tuning is { } p ? p.TrialSpecs.Count() * p.TuneSeeds.Count : 0);

    /// <summary>The runs judged across workloads (the final runs, when tuned).</summary>
    public long FinalRuns => (long)Stages.Count * Plan.Optimizers.Count * Plan.Seeds.Count;
}
