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

    /// <exception cref="InvalidSettingException">A setting is out of range; <see cref="InvalidSettingException.Setting"/> names it.</exception>
    public void Validate()
    {
        if (Epochs < 1) throw new InvalidSettingException(nameof(Epochs), $"Epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 1) throw new InvalidSettingException(nameof(BatchSize), $"The batch size must be at least 1 (got {BatchSize}).");
        if (AccumulationSteps < 1) throw new InvalidSettingException(nameof(AccumulationSteps), $"Accumulation steps must be at least 1 (got {AccumulationSteps}).");
        if (TrainLimit < 1) throw new InvalidSettingException(nameof(TrainLimit), $"The training-set limit must be at least 1 (got {TrainLimit}).");
        if (TestLimit < 1) throw new InvalidSettingException(nameof(TestLimit), $"The test-set limit must be at least 1 (got {TestLimit}).");
        if (!Enum.IsDefined(Precision)) throw new InvalidSettingException(nameof(Precision), $"Unknown precision {Precision}.");
        if (!Enum.IsDefined(Device)) throw new InvalidSettingException(nameof(Device), $"Unknown device {Device}.");
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
    }

    /// <summary><see cref="DifferencesFrom"/> and the number of epochs too: whether two configurations make the same
    /// run (resuming may ask for more epochs; a finished or planned run may not differ in them).</summary>
    public IEnumerable<string> RunDifferencesFrom(TrainingConfig other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var d in DifferencesFrom(other)) yield return d;
        if (Epochs != other.Epochs) yield return $"epochs {other.Epochs} → {Epochs}";
    }
}
