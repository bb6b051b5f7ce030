using VeloGrad.Training.Engine;
using VeloGrad.Training.Optimizers;

namespace VeloGrad.Reporting.Comparison;

/// <summary>
/// The runs of one or more comparison folders (each run at <c>runs/&lt;optimizer&gt;/seed-&lt;n&gt;/history.json</c>),
/// grouped by optimizer in the order they first appear; runs that did not complete are listed apart.
/// </summary>
public sealed class ComparisonSet
{
    public const string RunsFolder = "runs";

    private ComparisonSet(IReadOnlyList<OptimizerRuns> optimizers, IReadOnlyList<RunRecord> unfinished, IReadOnlyList<string> sources)
    {
        Optimizers = optimizers;
        Unfinished = unfinished;
        Sources = sources;
    }

    public IReadOnlyList<OptimizerRuns> Optimizers { get; }
    public IReadOnlyList<RunRecord> Unfinished { get; }
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The optimizer the analysis is about: VeloGrad if present, else the first.</summary>
    public OptimizerRuns? Subject => Optimizers.FirstOrDefault(o => o.IsVeloGrad) ?? Optimizers.FirstOrDefault();

    public IEnumerable<OptimizerRuns> Baselines => Optimizers.Where(o => !ReferenceEquals(o, Subject));

    /// <summary>Runs ordered by the order their optimizers were listed in each folder's manifest, then seed.</summary>
    public static ComparisonSet Load(IReadOnlyList<string> folders)
    {
        var records = new List<RunRecord>();
        foreach (var folder in folders)
        {
            string runs = Path.Combine(folder, RunsFolder);
            if (!Directory.Exists(runs))
                throw new DirectoryNotFoundException($"'{folder}' holds no comparison runs (no {RunsFolder}/ folder): is it a velograd compare output?");
            foreach (var optimizerFolder in OrderedOptimizerFolders(folder, runs))
                foreach (var seedFolder in Directory.GetDirectories(optimizerFolder).Order(StringComparer.Ordinal))
                {
                    string history = Path.Combine(seedFolder, RunHistory.JsonFileName);
                    if (File.Exists(history)) records.Add(new RunRecord(seedFolder, RunHistory.Load(history)));
                }
        }
        var completed = records.Where(r => r.Completed).ToList();
        var groups = completed.GroupBy(r => r.Optimizer)
            .Select(g => new OptimizerRuns(g.Key, [.. g.OrderBy(r => r.Seed)])).ToList();
        return new ComparisonSet(groups, [.. records.Where(r => !r.Completed)], folders);
    }

    /// <summary>The manifest's order; without one, the reference's (VeloGrad, Adam, SGD, AdamW), then by name.</summary>
    private static IEnumerable<string> OrderedOptimizerFolders(string folder, string runs)
    {
        var present = Directory.GetDirectories(runs).ToList();
        var order = ComparisonManifest.TryLoad(folder)?.OptimizerFolders ?? [];
        var registry = OptimizerRegistry.Names.ToList();
        int Rank(string path)
        {
            string name = Path.GetFileName(path);
            int listed = order.IndexOf(name);
            if (listed >= 0) return listed;
            int known = registry.IndexOf(name.Split('_')[0]);
            return order.Count + (known >= 0 ? known : registry.Count);
        }
        return present.OrderBy(Rank).ThenBy(p => p, StringComparer.Ordinal);
    }
}
