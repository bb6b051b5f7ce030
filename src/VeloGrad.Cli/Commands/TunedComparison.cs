using System.CommandLine;
using VeloGrad.Reporting.Tuning;
using VeloGrad.Training.Optimizers;

namespace VeloGrad.Cli.Commands;

/// <summary>
/// A tuning's two stages, as <c>tune</c> and <c>benchmark --tune</c> run them: every optimizer's grid judged on a
/// validation split over the tuning seeds (OUT/tuning), the choice per optimizer (tuning.md/.json/.png), then the
/// choices compared on other seeds on the test set (OUT/final). Both stages are plans of independent runs: they
/// resume, merge and run on Slurm as <c>compare</c>'s do.
/// </summary>
internal static class TunedComparison
{
    /// <summary>The protocol for <paramref name="specs"/>: each grid centred on the rate and weight decay its recipe trains with.</summary>
    /// <param name="absoluteRates">Whether <paramref name="rateFactors"/> are the rates themselves (DeepOBS's grid).</param>
    public static TuningProtocol Protocol(IReadOnlyList<OptimizerSpec> specs, IReadOnlyList<double> rateFactors, IReadOnlyList<double> decayFactors,
        TrainingConfig trialConfig, IReadOnlyList<ulong> tuneSeeds, TrainingConfig finalConfig, IReadOnlyList<ulong> finalSeeds, bool absoluteRates = false)
    {
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

    /// <summary>Runs what is missing of both stages into <paramref name="folder"/> (the protocol saved there already);
    /// the final stage starts only once every trial has finished.</summary>
    public static int Run(ParseResult parse, ExperimentOptions experiment, TuningProtocol protocol, string folder, DataLocation data,
        ulong datasetSeed, double target)
    {
        var o = parse.InvocationConfiguration.Output;
        var trialPlan = new ComparisonPlan(protocol.TrialConfig, [.. protocol.TrialSpecs], protocol.TuneSeeds) { Data = data, DatasetSeed = datasetSeed };
        var (exit, _) = ExperimentConsole.Run(parse, experiment, trialPlan, new ExperimentFolder(folder).Tuning.Path, target: null, (_, _) => { });
        var analysis = WriteTuning(protocol, folder, o);
        // A trial that diverged has ended: its grid point cannot be chosen (as DeepOBS rules), and the final stage goes on.
        // One that failed otherwise, was interrupted or has not run yet has not ended: resuming runs it.
        if (exit == ExitCodes.Interrupted || analysis is not { Ended: true })
        {
            o.WriteLine("The tuning is not finished: the final comparison starts once every trial has. Run the same command with --resume.");
            return exit;
        }
        var unchosen = analysis.Optimizers.FirstOrDefault(t => t.ChosenSpec is null);
        if (unchosen is not null)
            throw new InvalidDataException($"{unchosen.Optimizer} diverged or failed at every learning rate of its grid: nothing to choose. Move the grid (lr=… in --optimizers) and tune again into another folder.");

        var finalPlan = new ComparisonPlan(protocol.FinalConfig, [.. analysis.Optimizers.Select(t => t.ChosenSpec!)], protocol.FinalSeeds) { Data = data, DatasetSeed = datasetSeed };
        o.WriteLine($"Final comparison at the chosen settings: {string.Join(", ", finalPlan.Optimizers)}.");
        return ExperimentConsole.Run(parse, experiment, finalPlan, new ExperimentFolder(folder).Final.Path, target,
            (f, w) => ExperimentReports.Comparison(f, w, target)).ExitCode;
    }

    /// <summary>A new tuning needs a folder without one; a resumed one the same protocol.</summary>
    public static void CheckFolder(TuningProtocol protocol, string folder, bool resuming)
    {
        var saved = TuningProtocol.TryLoad(folder);
        if (saved is null) return;
        if (!resuming)
            throw new RunFolderConflictException($"'{folder}' already holds a tuning", FolderRemedy.Resume | FolderRemedy.OtherFolder);
        ResumeCheck.RequireSameOptions(folder, protocol.DifferencesFrom(saved), "tuned");
    }

    private static TuningCandidates Candidates(OptimizerSpec spec, IReadOnlyList<double> rateFactors, IReadOnlyList<double> decayFactors, bool absoluteRates)
    {
        var recipe = OptimizerRecipes.Of(spec);
        return TuningCandidates.Of(spec.Without(OptimizerCatalog.RateKey), recipe.LearningRate, recipe.WeightDecay, rateFactors, decayFactors, absoluteRates);
    }

    /// <summary>tuning.md/.json/.png from the trials that finished (null when none has).</summary>
    private static TuningAnalysis? WriteTuning(TuningProtocol protocol, string folder, TextWriter o)
    {
        var analysis = TuningAnalysis.Load(protocol, folder);
        if (analysis is null) return null;
        TuningReport.Write(analysis, folder);
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
