using System.Text.Json;
using VeloGrad.Training.Augmentation;

namespace VeloGrad.Training.Engine;

/// <summary>Everything that decides a training run's result; saved with its history and checkpoints.</summary>
public sealed record TrainingConfig
{
    public string Dataset { get; init; } = "synthetic";
    public int? TrainLimit { get; init; }
    public int? TestLimit { get; init; }
    public string Model { get; init; } = "resnet18";
    public string Optimizer { get; init; } = "velograd";
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 128;
    public int AccumulationSteps { get; init; } = 2;
    public ulong Seed { get; init; }

    /// <summary>auto, float32, or mixed precision in bfloat16 or float16 (float16 with dynamic loss scaling), on
    /// either device. auto is the reference's choice: float16 mixed precision on CUDA, float32 on the CPU.</summary>
    public string Precision { get; init; } = Precisions.Float32;

    /// <summary>auto (CUDA when available), cpu or cuda.</summary>
    public string Device { get; init; } = "cpu";

    public AugmentationOptions Augmentation { get; init; } = new();

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "--epochs must be at least 1.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "--batch-size must be at least 1.");
        if (AccumulationSteps < 1) throw new ArgumentOutOfRangeException(nameof(AccumulationSteps), AccumulationSteps, "--accumulation must be at least 1.");
        if (!Precisions.All.Contains(Precision)) throw new ArgumentException($"Unknown precision '{Precision}': use {string.Join(", ", Precisions.All)}.");
        if (Device is not ("auto" or "cpu" or "cuda")) throw new ArgumentException($"Unknown device '{Device}': use auto, cpu or cuda.");
    }

    /// <summary>The device this configuration trains on here: auto becomes cuda when CUDA is available, else cpu.</summary>
    public string ResolvedDevice() => Device == "auto" ? (TorchSharp.torch.cuda.is_available() ? "cuda" : "cpu") : Device;

    /// <summary>The precision it trains in on <paramref name="device"/> (cpu or cuda): see <see cref="PrecisionPlan.Resolve"/>.</summary>
    public string ResolvedPrecision(string device) =>
        PrecisionPlan.Resolve(Precision, device == "cuda" ? TorchSharp.DeviceType.CUDA : TorchSharp.DeviceType.CPU).Effective;

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
        if (Precision != other.Precision) yield return $"precision {other.Precision} → {Precision}";
        if (JsonSerializer.Serialize(Augmentation) != JsonSerializer.Serialize(other.Augmentation)) yield return "augmentation";
    }
}

/// <summary>The numeric precisions a run can train in.</summary>
public static class Precisions
{
    public const string Auto = "auto", Float32 = "float32", BFloat16 = "bfloat16", Float16 = "float16";
    public static readonly IReadOnlyList<string> All = [Auto, Float32, BFloat16, Float16];
}
