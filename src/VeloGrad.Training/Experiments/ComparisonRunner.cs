using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;

namespace VeloGrad.Training.Experiments;

/// <summary>What became of one planned run.</summary>
public sealed record RunOutcome(PlannedRun Run, RunStatus Status, string? Message, bool Reused);

/// <summary>
/// Runs a comparison plan into an output folder. Finished runs are kept and reused on --resume, an unfinished
/// one continues from its checkpoint, a failing one is recorded and the others still run; cancellation stops
/// after saving what was done.
/// </summary>
public sealed class ComparisonRunner(Func<PlannedRun, int, int, ITrainingObserver> observerFor)
{
    public IReadOnlyList<RunOutcome> Run(ComparisonPlan plan, DatasetSplits data, string outputFolder, bool resume, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        string runsFolder = RunLayout.RunsRoot(outputFolder);
        if (!resume && Directory.Exists(runsFolder) && Directory.EnumerateFileSystemEntries(runsFolder).Any())
            throw new IOException($"'{outputFolder}' already holds comparison runs: pass --resume to continue them, or choose another --out.");
        if (resume && ComparisonPlan.TryLoad(outputFolder) is { } planned && plan.DifferencesFrom(planned).ToList() is { Count: > 0 } changes)
            throw new InvalidSettingException("Plan", $"'{outputFolder}' was planned with other options ({string.Join("; ", changes)}): resume with the same options, or choose another --out.");
        plan.Save(outputFolder);

        var runs = plan.Runs(outputFolder).ToList();
        var outcomes = new List<RunOutcome>();
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            string historyPath = Path.Combine(run.Folder, RunHistory.JsonFileName);
            if (File.Exists(historyPath) && RunHistory.Load(historyPath) is { Status: RunStatus.Completed } done)
            {
                if (!run.Config.DifferencesFrom(done.Config).Any() && run.Config.Epochs == done.Config.Epochs)
                {
                    outcomes.Add(new RunOutcome(run, RunStatus.Completed, null, Reused: true));
                    continue;
                }
                throw new IOException($"'{run.Folder}' holds a completed run of another configuration ({string.Join("; ", run.Config.DifferencesFrom(done.Config).DefaultIfEmpty($"epochs {done.Config.Epochs} → {run.Config.Epochs}"))}); it is kept. Use another --out.");
            }
            var observer = observerFor(run, i + 1, runs.Count);
            using var disposable = observer as IDisposable;
            try
            {
                // Unfinished: continue from its checkpoint; failed or diverged: train it again.
                bool fromCheckpoint = File.Exists(Path.Combine(run.Folder, Checkpoint.FileName));
                var history = new Trainer(run.Config, observer).Run(data, run.Folder, resume: fromCheckpoint, cancel, overwrite: true);
                outcomes.Add(new RunOutcome(run, history.Status, history.Message, Reused: false));
                if (history.Status == RunStatus.Interrupted) break;
            }
            catch (Exception e) when (e is not RunFolderBusyException && e is TrainingDivergedException or IOException or ArgumentException or InvalidDataException or InvalidOperationException)
            {
                // A failed run is reported; the others still run.
                outcomes.Add(new RunOutcome(run, e is TrainingDivergedException ? RunStatus.Diverged : RunStatus.Failed, e.Message, Reused: false));
                observer.OnMessage($"Run {i + 1} of {runs.Count} failed: {e.Message}");
                RecordFailure(run, data, e);
            }
        }
        return outcomes;
    }

    /// <summary>Leaves a history saying why a run failed, unless the trainer already wrote one.</summary>
    private static void RecordFailure(PlannedRun run, DatasetSplits data, Exception e)
    {
        string path = Path.Combine(run.Folder, RunHistory.JsonFileName);
        if (e is TrainingDivergedException && File.Exists(path)) return;
        Directory.CreateDirectory(run.Folder);
        var history = File.Exists(path) ? RunHistory.Load(path) : new RunHistory
        {
            Config = run.Config,
            Environment = RunEnvironments.Current(SettingNames.Of(run.Config.Device), SettingNames.Of(run.Config.Precision)),
            DatasetSource = data.Train.Source,
            StartedAt = DateTimeOffset.UtcNow,
        };
        history.Status = RunStatus.Failed;
        history.Message = e.Message;
        history.EndedAt = DateTimeOffset.UtcNow;
        history.Save(run.Folder);
    }
}
