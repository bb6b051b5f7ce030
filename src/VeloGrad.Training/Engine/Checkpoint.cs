using System.Security.Cryptography;
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
/// the seed, epoch and batch, so they need no state. Written atomically, and ends with a SHA-256 of everything
/// before it, verified before anything is loaded: a corrupt or truncated file is named, never half-loaded.
/// </summary>
public static class Checkpoint
{
    public const string FileName = "checkpoint.bin";
    private const string Magic = "VELOGRAD-CHECKPOINT-2";
    private const string UncheckedMagic = "VELOGRAD-CHECKPOINT-1"; // before checksums: still read
    private const int HashBytes = 32;

    public sealed record Contents(RunHistory History, GradScalerState Scaler);

    public static void Save(string path, RunHistory history, nn.Module model, optim.Optimizer optimizer, GradScaler scaler)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var helper = optimizer as OptimizerHelper ?? throw new ArgumentException($"{optimizer.GetType().Name} cannot save its state.");
        AtomicFile.Write(path, stream =>
        {
            using var hashing = new HashingStream(stream);
            using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(history.ToJson());
                writer.Write(JsonSerializer.Serialize(scaler.Save()));
                model.save(writer);
                helper.save_state_dict(writer);
                using var rng = random.get_rng_state();
                rng.Save(writer);
            }
            stream.Write(hashing.Hash());
        });
    }

    /// <summary>Reads the history and scaler state, and loads model, optimizer and RNG in place.</summary>
    public static Contents Load(string path, nn.Module model, optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var helper = optimizer as OptimizerHelper ?? throw new ArgumentException($"{optimizer.GetType().Name} cannot load its state.");
        using var reader = Open(path);
        try
        {
            var history = RunHistory.FromJson(reader.ReadString(), path);
            var scaler = JsonSerializer.Deserialize<GradScalerState>(reader.ReadString()) ?? throw new InvalidDataException($"'{path}' has no loss-scaler state.");
            model.load(reader);
            helper.load_state_dict(reader);
            using var rng = TensorExtensionMethods.Load(reader);
            random.set_rng_state(rng);
            return new Contents(history, scaler);
        }
        catch (EndOfStreamException e)
        {
            throw Corrupt(path, "it ends too early", e);
        }
    }

    /// <summary>Reads only the history (to tell what a checkpoint holds without a model).</summary>
    public static RunHistory ReadHistory(string path)
    {
        using var reader = Open(path);
        return RunHistory.FromJson(reader.ReadString(), path);
    }

    /// <summary>A reader positioned after the magic string, once the checksum is verified; or an error saying what is
    /// wrong with the file.</summary>
    private static BinaryReader Open(string path)
    {
        var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        string magic;
        try { magic = reader.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or IOException or DecoderFallbackException) { magic = ""; }
        if (magic == UncheckedMagic) return reader;
        if (magic != Magic)
        {
            reader.Dispose();
            throw new InvalidDataException($"'{path}' is not a VeloGrad checkpoint (or its start is damaged): delete it to start the run over, or choose another output folder.");
        }
        var stream = reader.BaseStream;
        long payload = stream.Length - HashBytes;
        if (payload < stream.Position) { reader.Dispose(); throw Corrupt(path, "it is truncated", null); }
        stream.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (long left = payload; left > 0;)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) break;
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        var stored = new byte[HashBytes];
        stream.ReadExactly(stored);
        if (!CryptographicOperations.FixedTimeEquals(stored, hash.GetHashAndReset()))
        {
            reader.Dispose();
            throw Corrupt(path, "its checksum does not match its content (damaged or truncated on disk)", null);
        }
        stream.Position = 0;
        reader.ReadString();
        return reader;
    }

    private static InvalidDataException Corrupt(string path, string why, Exception? inner) =>
        new($"The checkpoint '{path}' is corrupt: {why}. Nothing was loaded. Delete it to train the run again from the start " +
            "(the finished epochs in history.json stay), or resume from a copy.", inner);

    /// <summary>Passes writes through and hashes them.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public byte[] Hash() => _hash.GetHashAndReset();
        public override void Write(byte[] buffer, int offset, int count)
        {
            _hash.AppendData(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
