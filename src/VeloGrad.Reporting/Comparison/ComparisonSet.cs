
namespace VeloGrad.Reporting.Comparison;

/// <summary>
/// The runs of one or more comparison folders (laid out as <see cref="RunLayout"/> says), grouped by optimizer in
/// the order they first appear; runs that did not complete are listed apart.
/// </summary>
public sealed class ComparisonSet
{
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
            if (!Directory.Exists(RunLayout.RunsRoot(folder)))
                throw new DirectoryNotFoundException($"'{folder}' holds no comparison runs (no {RunLayout.RunsFolder}/ folder): is it a velograd compare output?");
            var found = new List<RunRecord>();
            foreach (var (_, runFolder) in RunLayout.Enumerate(folder))
            {
                string history = Path.Combine(runFolder, RunHistory.JsonFileName);
                if (File.Exists(history)) found.Add(new RunRecord(runFolder, RunHistory.Load(history)));
            }
            var order = ComparisonManifest.TryLoad(folder)?.OptimizerFolders ?? [];
            records.AddRange(found.OrderBy(r => Rank(order, r.Spec)).ThenBy(r => RunLayout.OptimizerFolder(r.Spec), StringComparer.Ordinal).ThenBy(r => r.Seed));
        }
        var completed = records.Where(r => r.Completed).ToList();
        var groups = completed.GroupBy(r => r.Optimizer)
            .Select(g => new OptimizerRuns(g.Key, [.. g.OrderBy(r => r.Seed)])).ToList();
        return new ComparisonSet(groups, [.. records.Where(r => !r.Completed)], folders);
    }

    /// <summary>The manifest's order; without one, the reference's (VeloGrad, Adam, SGD, AdamW), then by name.</summary>
    private static int Rank(List<string> manifestOrder, OptimizerSpec spec)
    {
        int listed = manifestOrder.IndexOf(RunLayout.OptimizerFolder(spec));
        if (listed >= 0) return listed;
        int known = OptimizerCatalog.Names.ToList().IndexOf(spec.Name);
        return manifestOrder.Count + (known >= 0 ? known : OptimizerCatalog.Names.Count);
    }
}
