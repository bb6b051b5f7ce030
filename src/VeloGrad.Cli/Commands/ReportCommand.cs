using System.CommandLine;
using VeloGrad.Reporting.Comparison;

namespace VeloGrad.Cli.Commands;

/// <summary><c>velograd report</c>: rebuilds the tables, figure and analysis from saved histories, and merges
/// the runs of several result folders (made on different machines, say).</summary>
internal static class ReportCommand
{
    public static Command Build()
    {
        var command = new Command("report", "Rebuild tables, figures and statistics from saved histories; several folders are merged.");
        var folders = new Argument<string[]>("folders") { Description = "Result folders of velograd compare.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Where to write the outputs (default: the folder, when there is one)." };
        command.Arguments.Add(folders);
        command.Options.Add(output);
        command.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var sources = parse.GetValue(folders)!;
            string target = parse.GetValue(output) ?? (sources.Length == 1 ? sources[0]
                : throw new ArgumentException("Merging several folders needs --out for the merged report."));
            var set = ComparisonSet.Load(sources);
            if (set.Optimizers.Count == 0) throw new ArgumentException($"No completed run in {string.Join(", ", sources)}: nothing to report.");
            if (!sources.Any(s => Path.GetFullPath(s) == Path.GetFullPath(target)))
                ComparisonManifest.ForMerge(set, sources).Save(target);
            var o = parse.InvocationConfiguration.Output;
            if (set.Duplicates > 0) o.WriteLine($"{set.Duplicates} run(s) found more than once (same configuration, data, code and figures) were counted once.");
            o.Write(ReportWriter.Write(set, target));
            o.WriteLine($"Tables, figure and analysis in {target} ({string.Join(", ", ReportWriter.Files)}).");
            return 0;
        }));
        return command;
    }
}
