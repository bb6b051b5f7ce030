using VeloGrad.Reporting.Tuning;
using VeloGrad.Training.Optimizers;

namespace VeloGrad.Training.Experiments;

/// <summary>
/// A tuning's two stages, as <c>tune</c> and <c>benchmark --tune</c> run them: every optimizer's grid judged on a
/// validation split over the tuning seeds (OUT/tuning), the choice per optimizer (tuning.md/.json/.png), then the
/// choices compared on other seeds on the test set (OUT/final). Both stages are plans of independent runs: they
/// resume, merge and run on Slurm as <c>compare</c>'s do; every run of both loads the dataset of the first tuning seed.
/// </summary>
public static class TuningRunner
{
    /// <summary>The protocol for <paramref name="specs"/>: each grid centred on the rate and weight decay its recipe trains with.</summary>
    /// <param name="absoluteRates">Whether <paramref name="rateFactors"/> are the rates themselves (DeepOBS's grid).</param>
    public static TuningProtocol Protocol(IReadOnlyList<OptimizerSpec> specs, IReadOnlyList<double> rateFactors, IReadOnlyList<double> decayFactors,
        TrainingConfig trialConfig, IReadOnlyList<ulong> tuneSeeds, TrainingConfig finalConfig, IReadOnlyList<ulong> finalSeeds, bool absoluteRates = false)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var protocol = new TuningProtocol
        {
            Optimizers = [.. specs.Select(s => Candidates(s, rateFactors, decayFactors, absoluteRates))],
            RateFactors = rateFactors,
            AbsoluteRates = absoluteRates,
            WeightDecayFactors = decayFactors,
            TrialConfig = trialConfig,
            TuneSeeds = tuneSeeds,
            FinalConfig = finalConfig,
            FinalSeeds = finalSeeds,
        };
        protocol.Validate();
        return protocol;
    }

    /// <summary>Checks <paramref name="folder"/> (a new tuning needs one without a tuning; a resumed one the same
    /// protocol) and writes the protocol there.</summary>
    public static void Prepare(TuningProtocol protocol, ExperimentFolder folder, bool resume)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(folder);
        var saved = TuningProtocol.TryLoad(folder);
        ResumeCheck.RequireNewOrSame(folder, resume, saved, saved is not null, "a tuning", "tuned", protocol.DifferencesFrom);
        Directory.CreateDirectory(folder.Path);
        protocol.Save(folder);
    }

    /// <summary>Prepares the folder and runs what is missing of both stages; the final stage starts only once every
    /// trial has ended (completed, or diverged: a point that cannot be chosen).</summary>
    /// <param name="target">What the final comparison's analysis measures the time to.</param>
    public static ExperimentOutcome Run(TuningProtocol protocol, ExperimentFolder folder, ExperimentSession session, double target)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(session);
        Prepare(protocol, folder, session.Resume);
        var o = session.Output;
        ulong datasetSeed = protocol.TuneSeeds[0];
        var trialPlan = new RunPlan(protocol.TrialConfig, [.. protocol.TrialSpecs], protocol.TuneSeeds) { DatasetSeed = datasetSeed };
        var trials = StageRunner.Run(trialPlan, folder.Tuning, session, target: null, report: null);
        if (trials == ExperimentOutcome.HandedOff)
        {
            o.WriteLine($"The tuning's trials are handed off; once they are done, run the same command with --resume: it chooses each optimizer's setting and runs the final comparison.");
            return trials;
        }
        var analysis = WriteTuning(protocol, folder, o);
        // A trial that diverged has ended: its grid point cannot be chosen (as DeepOBS rules), and the final stage goes on.
        // One that failed otherwise, was interrupted or has not run yet has not ended: resuming runs it.
        if (trials == ExperimentOutcome.Interrupted || analysis is not { Ended: true })
        {
            o.WriteLine("The tuning is not finished: the final comparison starts once every trial has. Run the same command with --resume.");
            return trials == ExperimentOutcome.Interrupted ? trials : ExperimentOutcome.Failed;
        }
        var unchosen = analysis.Optimizers.FirstOrDefault(t => t.ChosenSpec is null);
        if (unchosen is not null)
            throw new InvalidDataException($"{unchosen.Optimizer} diverged or failed at every learning rate of its grid: nothing to choose. Move the grid (lr=… in --optimizers) and tune again into another folder.");

        var finalPlan = new RunPlan(protocol.FinalConfig, [.. analysis.Optimizers.Select(t => t.ChosenSpec!)], protocol.FinalSeeds) { DatasetSeed = datasetSeed };
        o.WriteLine($"Final comparison at the chosen settings: {string.Join(", ", finalPlan.Optimizers)}.");
        return StageRunner.Run(finalPlan, folder.Final, session, target, (f, w) => ExperimentReports.Comparison(f, w, target));
    }

    private static TuningCandidates Candidates(OptimizerSpec spec, IReadOnlyList<double> rateFactors, IReadOnlyList<double> decayFactors, bool absoluteRates)
    {
        return TuningCandidates.Of(spec.Without(OptimizerCatalog.RateKey), spec.ValueOrDefault(OptimizerSettings.Rate), spec.ValueOrDefault(OptimizerSettings.WeightDecay),
            rateFactors, decayFactors, absoluteRates);
    }

    /// <summary>tuning.md/.json/.png from the trials that finished (null when none has).</summary>
    private static TuningAnalysis? WriteTuning(TuningProtocol protocol, ExperimentFolder folder, TextWriter o)
    {
        var analysis = TuningAnalysis.Load(protocol, folder.Path);
        if (analysis is null) return null;
        TuningReport.Write(analysis, folder.Path);
        o.WriteLine();
        o.WriteLine("TUNING (validation split)");
        foreach (var t in analysis.Optimizers)
            o.WriteLine(t.Chosen is { } c
                ? $"  {t.Optimizer,-12} chosen lr {c.Rate:G4} ({TuningAnalysis.Factor(c.RateFactor)} default){(c.WeightDecayFactor != 1 ? $", weight decay {c.WeightDecay:G4}" : "")}: {(analysis.Metric == WorkloadMetric.Loss ? $"{c.Mean:F3} validation loss" : $"{c.Mean:F2} % validation accuracy")}{(t.ChosenAtGridEdge ? " — at the grid's edge" : "")}"
                : $"  {t.Optimizer,-12} no choice yet");
        o.WriteLine($"Tuning report in {folder} ({TuningReport.Files}).");
        return analysis;
    }
}
