using System.Text.Json;

namespace VeloGrad.Runs;

/// <summary>
/// Everything that decides a training run's result, typed and validated; saved with its history and
/// checkpoints. Its defaults are the reference experiment's, and the command line takes them from here.
/// </summary>
public sealed record TrainingConfig
{
    public string Dataset { get; init; } = "synthetic";
    public int? TrainLimit { get; init; }
    public int? TestLimit { get; init; }
    public string Model { get; init; } = "resnet18";
    public OptimizerSpec Optimizer { get; init; } = OptimizerSpec.Parse(OptimizerCatalog.VeloGradName);
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 128;
    public int AccumulationSteps { get; init; } = 2;
    public ulong Seed { get; init; }

    /// <summary>auto (the reference's choice: float16 mixed precision on CUDA, float32 on the CPU), float32, or mixed
    /// precision in bfloat16 or float16 (float16 with dynamic loss scaling), on either device.</summary>
    public Precision Precision { get; init; } = Precision.Auto;

    /// <summary>auto (CUDA when available), cpu or cuda.</summary>
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>The fraction of the training set held out as a validation split (0: none). The run trains on the
    /// rest and is evaluated on the validation split only: the test set is not read.</summary>
    public double ValidationSplit { get; init; }

    /// <summary>The seed the validation split is drawn with (class-balanced); an experiment's runs share it, so
    /// that every seed and optimizer is judged on the same held-out images.</summary>
    public ulong ValidationSeed { get; init; }

    /// <summary>How the learning rate moves over the run (constant: the reference).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Epochs of linear learning-rate warm-up before the schedule (onecycle: its rising phase).</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>Batches in channels-last memory order (NHWC under the NCHW shape), so that convolutions and the
    /// layers after them run in that order; parameters, gradients, optimizer state and checkpoints keep the
    /// ordinary order. Left out of the saved configuration when off, so runs made before it keep their identity.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool ChannelsLast { get; init; }

    /// <summary>Drop the last, partial batch of every epoch, in training (after shuffling) and in evaluation, as DeepOBS's
    /// data loaders do (<c>drop_last=True</c>); an evaluation split smaller than one batch is evaluated whole. Left out of
    /// the saved configuration when off, as the settings below.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool DropLast { get; init; }

    /// <summary>The factor λ of an L2 regularisation of the weights (not the biases) added to the loss, ½ λ Σ w², in training
    /// and in the evaluated loss, as DeepOBS's weight-regularised problems do (cifar10_3c3d: 0.002). Not weight decay: the
    /// optimizer sees it as part of the objective.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public double WeightL2 { get; init; }

    /// <summary>The split every epoch's evaluation figures come from: "validation" or "test".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string EvaluationSplit => ValidationSplit > 0 ? ValidationSplitName : TestSplitName;

    public const string ValidationSplitName = "validation", TestSplitName = "test";

    /// <exception cref="InvalidSettingException">A setting is out of range; <see cref="InvalidSettingException.Setting"/> names it.</exception>
    public void Validate()
    {
        if (Epochs < 1) throw new InvalidSettingException(nameof(Epochs), $"Epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 1) throw new InvalidSettingException(nameof(BatchSize), $"The batch size must be at least 1 (got {BatchSize}).");
        if (AccumulationSteps < 1) throw new InvalidSettingException(nameof(AccumulationSteps), $"Accumulation steps must be at least 1 (got {AccumulationSteps}).");
        if (TrainLimit < 1) throw new InvalidSettingException(nameof(TrainLimit), $"The training-set limit must be at least 1 (got {TrainLimit}).");
        if (TestLimit < 1) throw new InvalidSettingException(nameof(TestLimit), $"The test-set limit must be at least 1 (got {TestLimit}).");
        ModelCatalog.ValidatePairing(Model, Dataset);
        if (ChannelsLast && ModelCatalog.Names.Contains(Model) && !ModelCatalog.HasConvolutions(Model))
            throw new InvalidSettingException(nameof(ChannelsLast), $"the {Model} model has no convolutions, so channels-last memory order changes nothing for it: leave it out (or use it with a convolutional model).");
        if (!Enum.IsDefined(Precision)) throw new InvalidSettingException(nameof(Precision), $"Unknown precision {Precision}.");
        if (!Enum.IsDefined(Device)) throw new InvalidSettingException(nameof(Device), $"Unknown device {Device}.");
        if (!(ValidationSplit >= 0 && ValidationSplit <= 0.5))
            throw new InvalidSettingException(nameof(ValidationSplit), $"The validation split is a fraction of the training set between 0 (none) and 0.5 (got {ValidationSplit}).");
        if (!Enum.IsDefined(Schedule)) throw new InvalidSettingException(nameof(Schedule), $"Unknown schedule {Schedule}.");
        if (!(WeightL2 >= 0 && double.IsFinite(WeightL2)))
            throw new InvalidSettingException(nameof(WeightL2), $"The L2 regularisation factor is a finite number ≥ 0 (got {WeightL2}).");
        if (WarmupEpochs < 0 || (WarmupEpochs > 0 && WarmupEpochs >= Epochs))
            throw new InvalidSettingException(nameof(WarmupEpochs), $"Warm-up takes 0 or more epochs and must leave some of the {Epochs} epochs to the schedule (got {WarmupEpochs}).");
    }

    /// <summary>What differs between two configurations, for refusing to resume a run with another one.</summary>
    public IEnumerable<string> DifferencesFrom(TrainingConfig other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Dataset != other.Dataset) yield return $"dataset {other.Dataset} → {Dataset}";
        if (TrainLimit != other.TrainLimit || TestLimit != other.TestLimit) yield return "train/test limits";
        if (Model != other.Model) yield return $"model {other.Model} → {Model}";
        if (Optimizer != other.Optimizer) yield return $"optimizer {other.Optimizer} → {Optimizer}";
        if (BatchSize != other.BatchSize || AccumulationSteps != other.AccumulationSteps) yield return "batch size or accumulation";
        if (Seed != other.Seed) yield return $"seed {other.Seed} → {Seed}";
        if (Precision != other.Precision) yield return $"precision {SettingNames.Of(other.Precision)} → {SettingNames.Of(Precision)}";
        if (JsonSerializer.Serialize(Augmentation) != JsonSerializer.Serialize(other.Augmentation)) yield return "augmentation";
        if (ValidationSplit != other.ValidationSplit || (ValidationSplit > 0 && ValidationSeed != other.ValidationSeed))
            yield return $"validation split {Describe(other)} → {Describe(this)}";
        if (Schedule != other.Schedule || WarmupEpochs != other.WarmupEpochs)
            yield return $"schedule {SettingNames.Of(other.Schedule)}/{other.WarmupEpochs} warm-up → {SettingNames.Of(Schedule)}/{WarmupEpochs} warm-up";
        if (ChannelsLast != other.ChannelsLast) yield return $"memory order {MemoryOrder(other)} → {MemoryOrder(this)}";
        if (DropLast != other.DropLast) yield return DropLast ? "last partial batch kept → dropped" : "last partial batch dropped → kept";
        if (WeightL2 != other.WeightL2) yield return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"L2 regularisation {other.WeightL2} → {WeightL2}");
    }

    private static string MemoryOrder(TrainingConfig c) => c.ChannelsLast ? "channels-last" : "contiguous";

    private static string Describe(TrainingConfig c) => c.ValidationSplit > 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.ValidationSplit} (seed {c.ValidationSeed})") : "none";

    /// <summary><see cref="DifferencesFrom"/> and the number of epochs too: whether two configurations make the same
    /// run (resuming may ask for more epochs; a finished or planned run may not differ in them).</summary>
    public IEnumerable<string> RunDifferencesFrom(TrainingConfig other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var d in DifferencesFrom(other)) yield return d;
        if (Epochs != other.Epochs) yield return $"epochs {other.Epochs} → {Epochs}";
    }
}
