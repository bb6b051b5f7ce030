using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.MixedPrecision;
using VeloGrad.Runtime;
using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Models;
using VeloGrad.Training.Optimizers;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>
/// Runs one training as the reference's <c>train_model</c> does — train an epoch, evaluate, record — and after
/// every epoch writes history.json, history.csv and a checkpoint atomically into the output folder. A run
/// resumes from its checkpoint; cancellation stops it between batches with everything finished kept.
/// </summary>
public sealed class Trainer(TrainingConfig config, ITrainingObserver? observer = null)
{
    private const ulong ModelInitializationStream = 3, ModelNoiseStream = 6;
    private readonly ITrainingObserver _observer = observer ?? SilentObserver.Instance;

    public TrainingConfig Config { get; } = config;

    /// <summary>Trains on <paramref name="data"/> into <paramref name="outputFolder"/>; returns the history.</summary>
    /// <param name="resume">Continue from the folder's checkpoint; without it, a folder with a checkpoint is refused.</param>
    /// <param name="overwrite">Train again into a folder that holds a finished run (its files are replaced).</param>
    /// <exception cref="IOException">The folder holds a run this call may not touch, or another process writes it.</exception>
    public RunHistory Run(DatasetSplits data, string outputFolder, bool resume = false, CancellationToken cancel = default, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        Config.Validate();
        if (Config.ValidationSplit > 0)
        {
            // Tuning runs are judged on images held out of the training set; the test set stays unread.
            using var carved = data.WithValidation(Config.ValidationSplit, Config.ValidationSeed);
            _observer.OnMessage($"Training on {carved.Train.Count:N0} images and evaluating on a validation split of {carved.Test.Count:N0} held out of the training set (seed {Config.ValidationSeed}); the test set is not read.");
            return RunOn(carved, outputFolder, resume, cancel, overwrite);
        }
        return RunOn(data, outputFolder, resume, cancel, overwrite);
    }

    private RunHistory RunOn(DatasetSplits data, string outputFolder, bool resume, CancellationToken cancel, bool overwrite)
    {
        OutputFolder.EnsureWritable(outputFolder);
        using var folderLock = RunFolderLock.Acquire(outputFolder);
        string checkpointPath = Path.Combine(outputFolder, Checkpoint.FileName);
        CheckFolder(outputFolder, resume, overwrite);
        if (overwrite && !resume && File.Exists(checkpointPath)) File.Delete(checkpointPath);
        // The synthetic set is generated, not read: it is identified by its recipe (its size), so the runs of a
        // comparison's seeds share one dataset identity, as they do on a real dataset.
        string datasetChecksum = data.Name == SyntheticImages.Name
            ? $"synthetic:{data.Train.Count}/{data.Test.Count}"
            : $"{data.Train.Checksum()}/{data.Test.Checksum()}";

        var device = DeviceResolution.Resolve(Config.Device) == DeviceType.CUDA ? CUDA : CPU;
        TorchReady.Once(_observer.OnMessage); // the process's first training: libtorch's version, the allocator, NNPACK
        var precision = ResolvePrecision(device);
        using var model = ModelRegistry.Create(Config.Model, data.Train.ClassNames.Count, (int)data.Train.ImageShape[0],
            seed: SeedSequence.Derive(Config.Seed, ModelInitializationStream), imageSize: (int)data.Train.ImageShape[^1]);
        model.to(device); // float32 weights in every precision: mixed precision casts under autocast
        var parameters = model.parameters().ToList();
        using var optimizer = OptimizerRecipes.Of(Config.Optimizer).Create(parameters);
        using var scaler = new GradScaler(precision.LossScaling);
        var trainLoader = new BatchLoader(data.Train, new TrainingAugmentation(Config.Augmentation), Config.BatchSize, shuffle: true, dropLast: Config.DropLast, seed: Config.Seed, device: device, channelsLast: Config.ChannelsLast);
        // Evaluation drops a partial last batch as DeepOBS does, except from a split smaller than one batch (a tuning's
        // validation split of a small set), which is evaluated whole rather than not at all.
        bool dropEvaluated = Config.DropLast && data.Test.Count >= Config.BatchSize;
        var testLoader = new BatchLoader(data.Test, new EvaluationTransform(Config.Augmentation), Config.BatchSize, shuffle: false, dropLast: dropEvaluated, seed: Config.Seed, device: device, channelsLast: Config.ChannelsLast);
        if (trainLoader.BatchesPerEpoch == 0)
            throw new ArgumentException($"With the last partial batch dropped, {data.Train.Count:N0} training samples make no batch of {Config.BatchSize}: use more samples or a smaller batch.");
        var regularization = new WeightRegularization(model, Config.WeightL2);
        // Read the groups' own rates before a checkpoint loads the last step's into them.
        var schedule = new ScheduledHyperparameters(optimizer, ScheduleCurve.Of(Config, TrainingEpoch.StepsPerEpoch(trainLoader.BatchesPerEpoch, Config.AccumulationSteps)));

        var history = new RunHistory
        {
            Config = Config,
            Environment = RunEnvironments.Current(device.type, precision.Effective),
            DatasetSource = data.Train.Source,
            DatasetChecksum = datasetChecksum,
            CodeVersion = RunIdentity.CurrentCodeVersion,
            StartedAt = DateTimeOffset.UtcNow,
        };
        if (resume)
        {
            var saved = Checkpoint.ReadHistory(checkpointPath);
            var differences = Config.DifferencesFrom(saved.Config).ToList();
            if (RunEnvironments.AutoPrecisionChange(Config, saved) is { } change) differences.Add(change);
            if (saved.DatasetChecksum is not null && saved.DatasetChecksum != datasetChecksum)
                differences.Add($"dataset content {saved.DatasetChecksum} → {datasetChecksum}");
            if (differences.Count > 0)
                throw new ArgumentException($"The checkpoint in '{outputFolder}' was made with another configuration ({string.Join("; ", differences)}); resume with the same settings or use another output folder.");
            if (Config.Epochs < saved.Epochs.Count)
                throw new InvalidSettingException(nameof(TrainingConfig.Epochs), $"The run in '{outputFolder}' has finished {Counted.Of(saved.Epochs.Count, "epoch")} already; resuming asks for {Config.Epochs} in all, which is fewer. Ask for at least {saved.Epochs.Count}.");
            // A schedule over the whole run (cosine, onecycle, step) set every step already taken from the old total:
            // continuing on a new one would make a run that is neither, under a history that names one.
            if (Config.Epochs != saved.Config.Epochs && Config.Schedule != LearningRateSchedule.Constant)
                throw new InvalidSettingException(nameof(TrainingConfig.Epochs), $"The run in '{outputFolder}' follows a {SettingNames.Of(Config.Schedule)} schedule over {Counted.Of(saved.Config.Epochs, "epoch")}, which set the rate of every step taken so far; over {Config.Epochs} those rates would have been others. Resume with --epochs {saved.Config.Epochs}, or start a run of {Config.Epochs} in another folder.");
            var contents = Checkpoint.Load(checkpointPath, model, optimizer);
            scaler.Restore(contents.Scaler);
            history = contents.History;
            history.Config = Config; // more epochs than it began with (checked above): the history names the run it is now
            history.Status = RunStatus.Running;
            history.Message = null;
            _observer.OnMessage($"Resuming from the checkpoint after epoch {history.Epochs.Count} of {Config.Epochs}.");
        }

        ulong noiseSeed = SeedSequence.Derive(Config.Seed, ModelNoiseStream);
        var epochRunner = new TrainingEpoch(model, optimizer, parameters, scaler, Config.AccumulationSteps, precision.AutocastType, _observer, schedule, noiseSeed, regularization);
        if (history.Epochs.Count == 0 && history.Initial is null)
        {
            // DeepOBS's protocol evaluates before the first step (epoch 0): where every curve starts.
            var clock = Stopwatch.StartNew();
            var (loss, confusion) = Evaluation.Run(model, testLoader, data.Test.ClassNames.Count, noiseSeed, regularization);
            history.Initial = Evaluated(0, loss, confusion) with { EpochTime = clock.Elapsed.TotalSeconds, LearningRate = schedule.CurrentRate };
            history.Save(outputFolder);
            _observer.OnMessage(confusion is not null // a classifier (a model that is its own loss has no accuracy)
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Before training: {Config.EvaluationSplit} loss {loss:F4}, accuracy {history.Initial.ValAcc:F2} %.")
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Before training: {Config.EvaluationSplit} loss {loss:F4}."));
        }

        try
        {
            for (int epoch = history.Epochs.Count; epoch < Config.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                ResidentMemory.ResetPeak();
                long skippedBefore = scaler.SkippedSteps;
                var trained = epochRunner.Run(trainLoader, epoch, Config.Epochs, cancel);
                if (trained is null)
                {
                    // A checkpoint is written after each epoch: stopped in the first, there is none to resume from.
                    Finish(history, outputFolder, RunStatus.Interrupted, history.Epochs.Count == 0
                        ? $"Interrupted during epoch 1, before any epoch completed: there is no checkpoint to resume from; run it again with --overwrite to start over."
                        : $"Interrupted during epoch {epoch + 1}; {Counted.Of(history.Epochs.Count, "completed epoch")} saved with a checkpoint; resume (--resume) to continue.");
                    return history;
                }
                var (valLoss, confusion) = Evaluation.Run(model, testLoader, data.Test.ClassNames.Count, noiseSeed, regularization);
                var metrics = Evaluated(epoch + 1, valLoss, confusion) with
                {
                    TrainLoss = trained.Value.Loss,
                    TrainAcc = trained.Value.Accuracy,
                    EpochTime = clock.Elapsed.TotalSeconds,
                    SkippedSteps = scaler.SkippedSteps - skippedBefore,
                    LossScale = scaler.Enabled ? scaler.Scale : null,
                    LearningRate = schedule.CurrentRate,
                    PeakResidentMb = ResidentMemory.PeakMegabytes(),
                };
                history.Epochs.Add(metrics);
                Checkpoint.Save(checkpointPath, history, model, optimizer, scaler);
                history.Save(outputFolder);
                _observer.OnEpoch(metrics, Config.Epochs);
            }
        }
        catch (TrainingDivergedException e)
        {
            Finish(history, outputFolder, RunStatus.Diverged, e.Message);
            throw;
        }
        Finish(history, outputFolder, RunStatus.Completed, null);
        File.Delete(checkpointPath);
        return history;
    }

    /// <summary>An evaluation's figures (a model that is its own loss has no confusion matrix and no accuracy).</summary>
    private static EpochMetrics Evaluated(int epoch, double loss, Metrics.ConfusionMatrix? confusion) => new()
    {
        Epoch = epoch,
        ValLoss = loss,
        ValAcc = confusion is null ? 0 : 100 * confusion.Accuracy,
        ValF1 = confusion?.WeightedF1 ?? 0,
        ValPrecision = confusion?.WeightedPrecision ?? 0,
        ValRecall = confusion?.WeightedRecall ?? 0,
        ConfusionMatrix = confusion?.ToRows() ?? [],
    };

    /// <summary>Refuses a folder whose contents this call may not touch, saying what would do.</summary>
    private static void CheckFolder(string outputFolder, bool resume, bool overwrite)
    {
        bool hasCheckpoint = File.Exists(Path.Combine(outputFolder, Checkpoint.FileName));
        string historyPath = Path.Combine(outputFolder, RunHistory.JsonFileName);
        var finished = File.Exists(historyPath) ? RunHistory.Load(historyPath) : null;
        // The remedies are said once, by whoever prints the error (from the exception's FolderRemedy flags).
        if (!resume && !overwrite && hasCheckpoint)
            throw new RunFolderConflictException($"'{outputFolder}' holds the checkpoint of an unfinished run",
                FolderRemedy.Resume | FolderRemedy.Overwrite | FolderRemedy.OtherFolder);
        if (!resume && !overwrite && finished is not null)
            throw new RunFolderConflictException($"'{outputFolder}' holds {Described(finished)}", FolderRemedy.Overwrite | FolderRemedy.OtherFolder);
        if (resume && !hasCheckpoint)
            throw finished is not null
                ? new RunFolderConflictException($"'{outputFolder}' holds {Described(finished)} and no checkpoint, so there is nothing to resume", FolderRemedy.Overwrite)
                : new RunFolderConflictException($"'{outputFolder}' holds no run to resume (no {Checkpoint.FileName})", FolderRemedy.StartNew);
    }

    /// <summary>A run's history in words: a run whose history still says running stopped before it could say more.</summary>
    private static string Described(RunHistory history) => history.Status == RunStatus.Running
        ? $"a run that stopped after {Counted.Of(history.Epochs.Count, "epoch")} without finishing or leaving a checkpoint"
        : $"a run that ended ({SettingNames.Of(history.Status)}, {Counted.OfTotal(history.Epochs.Count, history.Config.Epochs, "epoch")})";

    private static void Finish(RunHistory history, string folder, RunStatus status, string? message)
    {
        history.Status = status;
        history.Message = message;
        history.EndedAt = DateTimeOffset.UtcNow;
        history.Save(folder);
    }

    private PrecisionPlan ResolvePrecision(Device device)
    {
        var plan = PrecisionPlan.Resolve(Config.Precision, device.type);
        if (Config.Precision == Precision.Auto && device.type == DeviceType.CPU)
            _observer.OnMessage(plan.AutocastType is null
                ? "Precision auto on this CPU trains in float32, as the reference does there (the CPU has no bfloat16 arithmetic, which bfloat16 mixed precision needs to be fast)."
                : "Precision auto on this CPU trains in bfloat16 mixed precision (the CPU has bfloat16 arithmetic: about 1.4× float32's speed at the reference's accuracy); --precision float32 computes as the reference does there.");
        if (device.type == DeviceType.CPU && plan.AutocastType == ScalarType.BFloat16 && !CpuFeatures.HasNativeBFloat16)
            _observer.OnMessage("warning: this CPU has no bfloat16 arithmetic (no avx512_bf16 or amx_bf16), so libtorch emulates it: bfloat16 mixed precision will train many times slower than float32 here (~30× measured for ResNet-18). Use --precision float32 on this machine.");
        return plan;
    }
}
