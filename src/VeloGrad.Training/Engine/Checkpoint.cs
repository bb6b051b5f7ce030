using System.Text;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.MixedPrecision;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>
/// Everything needed to continue a run exactly where an epoch ended: history (with the configuration), model,
/// optimizer (all its state), loss scaler and the global torch RNG. Data order and augmentation derive from
/// the seed, epoch and batch, so they need no state. Written atomically.
/// </summary>
public static class Checkpoint
{
    public const string FileName = "checkpoint.bin";
    private const string Magic = "VELOGRAD-CHECKPOINT-1";

    public sealed record Contents(RunHistory History, GradScalerState Scaler);

    public static void Save(string path, RunHistory history, nn.Module model, optim.Optimizer optimizer, GradScaler scaler)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var helper = optimizer as OptimizerHelper ?? throw new ArgumentException($"{optimizer.GetType().Name} cannot save its state.");
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(history.ToJson());
            writer.Write(JsonSerializer.Serialize(scaler.Save()));
            model.save(writer);
            helper.save_state_dict(writer);
            using var rng = random.get_rng_state();
            rng.Save(writer);
        });
    }

    /// <summary>Reads the history and scaler state, and loads model, optimizer and RNG in place.</summary>
    public static Contents Load(string path, nn.Module model, optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var helper = optimizer as OptimizerHelper ?? throw new ArgumentException($"{optimizer.GetType().Name} cannot load its state.");
        using var reader = Open(path);
        var history = RunHistory.FromJson(reader.ReadString(), path);
        var scaler = JsonSerializer.Deserialize<GradScalerState>(reader.ReadString()) ?? throw new InvalidDataException($"'{path}' has no loss-scaler state.");
        model.load(reader);
        helper.load_state_dict(reader);
        using var rng = TensorExtensionMethods.Load(reader);
        random.set_rng_state(rng);
        return new Contents(history, scaler);
    }

    /// <summary>Reads only the history (to tell what a checkpoint holds without a model).</summary>
    public static RunHistory ReadHistory(string path)
    {
        using var reader = Open(path);
        return RunHistory.FromJson(reader.ReadString(), path);
    }

    /// <summary>A reader positioned after the magic string, or an error saying the file is no checkpoint.</summary>
    private static BinaryReader Open(string path)
    {
        var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        string magic;
        try { magic = reader.ReadString(); }
        catch (EndOfStreamException) { magic = ""; }
        if (magic == Magic) return reader;
        reader.Dispose();
        throw new InvalidDataException($"'{path}' is not a VeloGrad checkpoint.");
    }
}
