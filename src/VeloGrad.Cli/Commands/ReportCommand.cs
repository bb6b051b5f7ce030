using System.CommandLine;
using System.Globalization;
using VeloGrad.Reporting.Ablation;
using VeloGrad.Reporting.Benchmark;
using VeloGrad.Reporting.Comparison;
using VeloGrad.Reporting.Tuning;

namespace VeloGrad.Cli.Commands;

/// <summary><c>velograd report</c>: rebuilds the tables, figure and analysis from saved histories, and merges
/// the runs of several result folders (made on different machines, say). A tuning folder gets its tuning report and
/// its final comparison rebuilt; an ablation its ablation report too.</summary>
internal static class ReportCommand
{
    public static Command Build()
    {
        var command = new Command("report", "Rebuild tables, figures and statistics from saved histories; several folders are merged. Also rebuilds tune and ablate outputs.");
        var folders = new Argument<string[]>("folders") { Description = "Result folders of velograd compare, ablate or tune.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Where to write the outputs (default: the folder, when there is one)." }.Sets(SettingKeys.Output);
        var targetOption = new Option<double>("--target")
        {
            Description = "Accuracy (%) whose time to reach the analysis reports; for runs judged by their loss, the loss to get under. Default: the target the runs' command was given (kept in manifest.json), else 70 %.",
            DefaultValueFactory = _ => ComparisonAnalysis.DefaultTarget,
        }.Sets(SettingKeys.Target);
        command.Arguments.Add(folders);
        command.Options.Add(output);
        command.Options.Add(targetOption);
        command.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var o = parse.InvocationConfiguration.Output;
            var sources = parse.GetValue(folders)!;
            if (parse.GetValue(output) is { } into && File.Exists(into))
                throw new InvalidSettingException(SettingKeys.Output, $"'{into}' is a file; the report's tables, figures and analysis go into a folder: give a folder (it is made when missing).");
            double TargetFor(WorkloadMetric metric, IEnumerable<string> comparisons) => ReportTarget(parse, targetOption, metric, comparisons);
            if (sources.Length == 1 && BenchmarkPlan.TryLoad(new ExperimentFolder(sources[0])) is { } benchmark)
            {
                // A benchmark judges each workload against its own target: a --target would be ignored, so say so.
                if (parse.GetResult(targetOption) is { Implicit: false })
                    throw new InvalidSettingException(SettingKeys.Target, $"'{sources[0]}' is a benchmark, and each of its workloads has its own target (its budget's): leave --target out.");
                return ReportBenchmark(benchmark, sources[0], parse.GetValue(output) ?? sources[0], o);
            }
            if (sources.Length > 1 && sources.FirstOrDefault(s => BenchmarkPlan.TryLoad(new ExperimentFolder(s)) is not null) is { } benchmarkFolder)
                throw new ArgumentException($"'{benchmarkFolder}' is a benchmark, whose report is rebuilt on its own (velograd report {benchmarkFolder}); merge the folders of compare, ablate or tune only.");
            if (sources.Length == 1 && TuningProtocol.TryLoad(new ExperimentFolder(sources[0])) is { } protocol)
                return ReportTuning(protocol, sources[0], parse.GetValue(output) ?? sources[0], TargetFor(ModelCatalog.MetricOf(protocol.FinalConfig.Model), [new ExperimentFolder(sources[0]).Final.Path]), o);
            string target = parse.GetValue(output) ?? (sources.Length == 1 ? sources[0]
                : throw new InvalidSettingException(SettingKeys.Output, "Merging several folders needs a folder for the merged report."));
            // A tuning among several folders contributes its final comparison (its trials are judged on another split).
            var comparisons = sources.Select(s => new ExperimentFolder(s) is var e && e.IsTuning ? e.Final.Path : s).ToList();
            var set = ComparisonSet.Load(comparisons);
            if (set.Optimizers.Count == 0) throw new ArgumentException($"No completed run in {string.Join(", ", sources)}: nothing to report.");
            double analysisTarget = TargetFor(set.Metric, comparisons); // checked before anything is written
            if (!sources.Any(s => Path.GetFullPath(s) == Path.GetFullPath(target)))
                ComparisonManifest.ForMerge([.. set.Optimizers.Select(g => g.Runs[0].Spec)],
                    [.. set.Optimizers.SelectMany(g => g.Runs.Select(r => r.Seed)).Distinct().Order()], comparisons, analysisTarget).Save(new ExperimentFolder(target));
            if (set.Duplicates > 0) o.WriteLine($"{Counted.Of(set.Duplicates, "run")} found more than once (same configuration, data, code and figures) {(set.Duplicates == 1 ? "was" : "were")} counted once.");
            o.Write(ReportWriter.Write(set, target, analysisTarget));
            o.WriteLine($"Tables, figure and analysis in {target} ({string.Join(", ", ReportWriter.Files)}).");
            if (AblationAnalysis.Applies(set))
            {
                AblationReport.Write(AblationAnalysis.Of(set), target);
                o.WriteLine($"Ablation report in {target} ({AblationReport.Files}).");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The target a rebuilt analysis measures: --target where given; else the one the comparisons' commands were
    /// given (their manifests), so that a report rebuilds what the command wrote; else --target's default (an accuracy; a
    /// loss must be given). Folders that measured different targets need --target to say which.</summary>
    private static double ReportTarget(ParseResult parse, Option<double> option, WorkloadMetric metric, IEnumerable<string> comparisons)
    {
        if (parse.GetResult(option) is { Implicit: false }) return ExperimentOptions.CheckTarget(parse, option, metric);
        var kept = comparisons.Select(f => ComparisonManifest.TryLoad(new ExperimentFolder(f))?.Target).OfType<double>().Distinct().ToList();
        return kept.Count switch
        {
            0 => ExperimentOptions.CheckTarget(parse, option, metric),
            1 => kept[0],
            _ => throw new InvalidSettingException(SettingKeys.Target,
                $"These folders were analysed against different targets ({string.Join(" and ", kept.Select(t => t.ToString(CultureInfo.InvariantCulture)))}): give --target, the one the merged report measures."),
        };
    }

    /// <summary>The tuning report into <paramref name="into"/>, and the final comparison's into its final/ folder.</summary>
    private static int ReportTuning(TuningProtocol protocol, string folder, string into, double target, TextWriter o)
    {
        var analysis = TuningAnalysis.Load(protocol, folder) ?? throw new ArgumentException($"'{folder}' holds no finished tuning trial yet: nothing to report.");
        Directory.CreateDirectory(into);
        TuningReport.Write(analysis, into);
        o.WriteLine($"Tuning report in {into} ({TuningReport.Files}).");
        var final = new ExperimentFolder(folder).Final;
        if (!Directory.Exists(final.Runs)) return 0;
        var set = ComparisonSet.Load([final.Path]);
        if (set.Optimizers.Count == 0) return 0;
        string finalInto = new ExperimentFolder(into).Final.Path;
        o.Write(ReportWriter.Write(set, finalInto, target));
        o.WriteLine($"Final comparison's tables, figure and analysis in {finalInto} ({string.Join(", ", ReportWriter.Files)}).");
        return 0;
    }

    /// <summary>Each workload's comparison into its folder under <paramref name="into"/>, then the benchmark's report.</summary>
    private static int ReportBenchmark(BenchmarkPlan plan, string folder, string into, TextWriter o)
    {
        foreach (var workload in plan.Workloads)
        {
            var source = new ExperimentFolder(folder).Workload(workload.Name);
            if (plan.Tuning is not null)
            {
                if (TuningProtocol.TryLoad(source) is not { } protocol || TuningAnalysis.Load(protocol, source.Path) is null) continue; // not tuned yet
                ReportTuning(protocol, source.Path, new ExperimentFolder(into).Workload(workload.Name).Path, workload.Target, o);
                continue;
            }
            if (!Directory.Exists(source.Runs)) continue;
            var set = ComparisonSet.Load([source.Path]);
            if (set.Optimizers.Count == 0) continue;
            string workloadInto = new ExperimentFolder(into).Workload(workload.Name).Path;
            ReportWriter.Write(set, workloadInto, workload.Target);
            o.WriteLine($"{workload.Name}: tables, figure and analysis in {workloadInto}.");
        }
        // The benchmark report reads the workloads' runs from the folder given.
        var analysis = BenchmarkAnalysis.Load(plan, folder);
        var written = BenchmarkReport.Write(analysis, into);
        o.WriteLine($"Benchmark report in {into} ({string.Join(", ", written)}).");
        return 0;
    }
}
