using System.Globalization;
using TorchSharp.Modules;

namespace VeloGrad;

/// <summary>
/// A parameter group's live hyperparameters as TorchSharp's schedulers see them: <see cref="OptimizerOptions.LearningRate"/>
/// (changed by LR schedulers) and the betas (cycled by OneCycleLR) are authoritative; the rest comes from
/// <see cref="Hyperparameters"/>.
/// </summary>
public sealed class VeloGradGroupOptions : OptimizerOptions
{
    private const int FormatVersion = 1;
    private VeloGradOptions _hyperparameters;

    internal VeloGradGroupOptions(VeloGradOptions hyperparameters)
    {
        hyperparameters.Validate();
        _hyperparameters = hyperparameters;
        LearningRate = hyperparameters.LearningRate;
        InitialLearningRate = hyperparameters.LearningRate;
    }

    /// <summary>The group's hyperparameters, with the current learning rate.</summary>
    public VeloGradOptions Hyperparameters
    {
        get => _hyperparameters with { LearningRate = LearningRate ?? _hyperparameters.LearningRate };
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            _hyperparameters = value;
            LearningRate = value.LearningRate;
        }
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        base.SaveStateDict(writer);
        var h = _hyperparameters;
        writer.Write(FormatVersion);
        writer.Write(h.Beta1);
        writer.Write(h.Beta2);
        writer.Write(h.Epsilon);
        writer.Write(h.WeightDecay);
        writer.Write(h.LookaheadInterval);
        writer.Write(h.SlowUpdateRate);
        writer.Write(h.InterpolationStrength);
        writer.Write((int)h.Components);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        double initialLearningRate = reader.ReadDouble();
        double learningRate = reader.ReadDouble();
        int version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"VeloGrad group options have format version {version}; this library reads version {FormatVersion}."));
        var loaded = new VeloGradOptions
        {
            LearningRate = learningRate,
            Beta1 = reader.ReadDouble(),
            Beta2 = reader.ReadDouble(),
            Epsilon = reader.ReadDouble(),
            WeightDecay = reader.ReadDouble(),
            LookaheadInterval = reader.ReadInt32(),
            SlowUpdateRate = reader.ReadDouble(),
            InterpolationStrength = reader.ReadDouble(),
            Components = (VeloGradComponents)reader.ReadInt32(),
        };
        loaded.Validate();
        _hyperparameters = loaded;
        LearningRate = learningRate;
        InitialLearningRate = initialLearningRate;
    }

    /// <inheritdoc />
    public override void LoadStateDict(OptimizerOptions source)
    {
        if (source is not VeloGradGroupOptions other)
            throw new ArgumentException($"Expected {nameof(VeloGradGroupOptions)}, got {source?.GetType().Name ?? "null"}.", nameof(source));
        _hyperparameters = other._hyperparameters;
        LearningRate = other.LearningRate;
        InitialLearningRate = other.InitialLearningRate;
    }
}
