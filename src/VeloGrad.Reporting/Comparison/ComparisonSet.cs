
namespace VeloGrad.Reporting.Comparison;

/// <summary>
/// The runs of one or more experiment folders (a comparison, an ablation, a tuning stage; laid out as <see cref="RunLayout"/> says), grouped by optimizer in
/// the order they first appear; runs that did not complete are listed apart. Merging is by identity
/// (<see cref="RunIdentity"/>): the same run found twice (a folder given twice, a copy) counts once, two copies
/// that disagree are an error naming both, and runs whose settings differ by more than optimizer and seed are
/// refused with the differences listed: a table never pools runs of different configurations.
/// </summary>
public sealed class ComparisonSet
{
    private ComparisonSet(IReadOnlyList<OptimizerRuns> optimizers, IReadOnlyList<RunRecord> unfinished, IReadOnlyList<MissingRun> notRun,
        IReadOnlyList<string> sources, int duplicates)
    {
        Optimizers = optimizers;
        Unfinished = unfinished;
        NotRun = notRun;
        Sources = sources;
        Duplicates = duplicates;
    }

    public IReadOnlyList<OptimizerRuns> Optimizers { get; }
    public IReadOnlyList<RunRecord> Unfinished { get; }

    /// <summary>Runs a folder's manifest planned that left no history at all (never started, or lost with their job).</summary>
    public IReadOnlyList<MissingRun> NotRun { get; }
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The split the runs' accuracies come from ("validation" or "test"; one configuration, so one split).</summary>
    public string EvaluatedOn => Optimizers.FirstOrDefault()?.Runs[0].History.EvaluatedOn ?? TrainingConfig.TestSplitName;

    /// <summary>What the runs are judged by (one configuration, so one model, so one metric).</summary>
    public WorkloadMetric Metric => Optimizers.FirstOrDefault()?.Runs[0].Metric ?? WorkloadMetric.Accuracy;

    /// <summary>Runs found more than once (same identity, same figures), counted once.</summary>
    public int Duplicates { get; }

    /// <summary>The optimizer the analysis is about: VeloGrad if present, else the first.</summary>
    public OptimizerRuns? Subject => Optimizers.FirstOrDefault(o => o.IsVeloGrad) ?? Optimizers.FirstOrDefault();

    public IEnumerable<OptimizerRuns> Baselines => Optimizers.Where(o => !ReferenceEquals(o, Subject));

    /// <summary>Runs ordered by the order their optimizers were listed in each folder's manifest, then seed.</summary>
    public static ComparisonSet Load(IReadOnlyList<string> folders)
    {
        var records = new List<RunRecord>();
        var planned = new List<MissingRun>();
        foreach (var folder in folders)
        {
            if (File.Exists(folder))
                throw new DirectoryNotFoundException($"'{folder}' is a file, not a folder: give the output folder of velograd compare, tune, ablate or benchmark that holds it.");
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"'{folder}' does not exist: give an output folder of velograd compare, tune or ablate.");
            if (!Directory.Exists(RunLayout.RunsRoot(folder)))
                throw new DirectoryNotFoundException($"'{folder}' holds no runs (no {RunLayout.RunsFolder}/ folder): give an output folder of velograd compare, tune or ablate.");
            var found = new List<RunRecord>();
            foreach (var (_, runFolder) in RunLayout.Enumerate(folder))
            {
                string history = Path.Combine(runFolder, RunHistory.JsonFileName);
                if (File.Exists(history)) found.Add(new RunRecord(runFolder, RunHistory.Load(history)));
            }
            var manifest = ComparisonManifest.TryLoad(new ExperimentFolder(folder));
            if (manifest is not null)
                planned.AddRange(manifest.Seeds.SelectMany(seed => manifest.Optimizers.Select(o => new MissingRun(OptimizerSpec.Parse(o).DisplayName, seed))));
            var order = manifest?.OptimizerFolders ?? [];
            records.AddRange(found.OrderBy(r => Rank(order, r.Spec)).ThenBy(r => RunLayout.OptimizerFolder(r.Spec), StringComparer.Ordinal).ThenBy(r => r.Seed));
        }
        var (completed, duplicates) = Deduplicate(records.Where(r => r.Completed));
        RequireOneConfiguration(completed);
        var groups = completed.GroupBy(r => r.Optimizer)
            .Select(g => new OptimizerRuns(g.Key, [.. g.OrderBy(r => r.Seed)])).ToList();
        var recorded = records.Select(r => new MissingRun(r.Optimizer, r.Seed)).ToHashSet();
        return new ComparisonSet(groups, [.. records.Where(r => !r.Completed)], [.. planned.Distinct().Where(p => !recorded.Contains(p))], folders, duplicates);
    }

    /// <summary>One record per identity; copies must agree on every figure (times aside: a copy of a run made
    /// again on a busy machine is still the same run).</summary>
    private static (List<RunRecord> Unique, int Duplicates) Deduplicate(IEnumerable<RunRecord> records)
    {
        var byKey = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        var unique = new List<RunRecord>();
        int duplicates = 0;
        foreach (var record in records)
        {
            if (byKey.TryGetValue(record.History.Identity.Key, out var first))
            {
                if (Figures(first) != Figures(record))
                    throw new InvalidDataException($"Two copies of the same run disagree: '{first.Folder}' and '{record.Folder}' have the same configuration, data and code but different figures. Keep the right one and remove the other.");
                duplicates++;
                continue;
            }
            byKey[record.History.Identity.Key] = record;
            unique.Add(record);
        }
        return (unique, duplicates);
    }

    private static string Figures(RunRecord r) => string.Join(";", r.History.Epochs.Select(e => System.Text.Json.JsonSerializer.Serialize(e with { EpochTime = 0 })));

    /// <summary>All rows must come from one configuration (optimizer and seed aside), one dataset and one code version.</summary>
    private static void RequireOneConfiguration(List<RunRecord> records)
    {
        if (records.Count == 0) return;
        var first = records[0];
        var firstIdentity = Comparable(first);
        foreach (var other in records.Skip(1))
        {
            var differences = Comparable(other).DifferencesFrom(firstIdentity).ToList();
            if (differences.Count > 0)
                throw new InvalidDataException(
                    $"Runs of different configurations cannot be pooled: {first.Optimizer} seed {first.Seed} in '{first.Folder}' and {other.Optimizer} seed {other.Seed} in '{other.Folder}' differ ({string.Join("; ", differences)}). Report them separately.");
        }
    }

    private static RunIdentity Comparable(RunRecord r) =>
        r.History.Identity with { Config = r.History.Config with { Seed = 0, Optimizer = OptimizerSpec.Parse(OptimizerCatalog.VeloGradName) } };

    /// <summary>The manifest's order; without one, the reference's (VeloGrad, Adam, SGD, AdamW), then by name.</summary>
    private static int Rank(List<string> manifestOrder, OptimizerSpec spec)
    {
        int listed = manifestOrder.IndexOf(RunLayout.OptimizerFolder(spec));
        if (listed >= 0) return listed;
        int known = OptimizerCatalog.Names.ToList().IndexOf(spec.Name);
        return manifestOrder.Count + (known >= 0 ? known : OptimizerCatalog.Names.Count);
    }
}

/// <summary>A planned run that left no history.</summary>
public sealed record MissingRun(string Optimizer, ulong Seed);
