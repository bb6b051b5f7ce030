using System.Formats.Tar;
using System.IO.Compression;
using static TorchSharp.torch;

namespace VeloGrad.Training.Data;

/// <summary>
/// CIFAR-10 in its official binary distribution: <c>cifar-10-batches-bin/data_batch_1..5.bin</c> and
/// <c>test_batch.bin</c>, each a run of 3,073-byte records (a label byte, then 1,024 red, green and blue bytes),
/// read from the folder or straight from <c>cifar-10-binary.tar.gz</c>.
/// </summary>
public static class Cifar10
{
    public const string Name = "cifar10";
    public const string FolderName = "cifar-10-batches-bin";
    public const string ArchiveName = "cifar-10-binary.tar.gz";
    public const int ImageSize = 32;
    public const int Channels = 3;
    public const int RecordBytes = 1 + Channels * ImageSize * ImageSize;

    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static readonly IReadOnlyList<string> TrainFiles = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];
    public const string TestFile = "test_batch.bin";

    /// <summary>Where CIFAR-10 lies under <paramref name="root"/>: the batch folder, an archive, or null.</summary>
    public static string? Locate(string root)
    {
        if (File.Exists(root) && root.EndsWith(".tar.gz", StringComparison.Ordinal)) return root;
        if (File.Exists(Path.Combine(root, TestFile))) return root;
        if (File.Exists(Path.Combine(root, FolderName, TestFile))) return Path.Combine(root, FolderName);
        if (File.Exists(Path.Combine(root, ArchiveName))) return Path.Combine(root, ArchiveName);
        return null;
    }

    /// <summary>Reads both splits from a folder or archive found under <paramref name="root"/>.</summary>
    public static DatasetSplits Load(string root)
    {
        string location = Locate(root) ?? throw new DatasetException(
            $"No CIFAR-10 found in '{root}': expected {FolderName}/{TestFile} (and data_batch_1..5.bin) or {ArchiveName} there. " +
            $"Download it (MD5-checked), or copy the official binary version ({Cifar10Download.Url}) into that folder.");
        return location.EndsWith(".tar.gz", StringComparison.Ordinal) ? LoadArchive(location) : LoadFolder(location);
    }

    private static DatasetSplits LoadFolder(string folder)
    {
        byte[] Read(string file)
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path))
                throw new DatasetException($"CIFAR-10 file '{path}' is missing: the folder must hold {string.Join(", ", TrainFiles)} and {TestFile}.");
            return File.ReadAllBytes(path);
        }
        var train = TrainFiles.Select(f => (Path.Combine(folder, f), Read(f))).ToList();
        var test = (Path.Combine(folder, TestFile), Read(TestFile));
        return new DatasetSplits(Decode("train", train, folder), Decode("test", [test], folder));
    }

    private static DatasetSplits LoadArchive(string archive)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                string name = Path.GetFileName(entry.Name);
                if (entry.DataStream is null || !(TrainFiles.Contains(name) || name == TestFile)) continue;
                using var buffer = new MemoryStream();
                entry.DataStream.CopyTo(buffer);
                files[name] = buffer.ToArray();
            }
            // The tar reader stops at its end-of-archive marker; the gzip trailer after it holds the CRC of everything
            // decompressed, which the decompressor checks only when it reaches it: read on to the end.
            gzip.CopyTo(Stream.Null);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new DatasetException($"CIFAR-10 archive '{archive}' is corrupt or truncated ({e.Message}). Delete it and download it again.", e);
        }
        byte[] Entry(string name) => files.TryGetValue(name, out var bytes) ? bytes
            : throw new DatasetException($"CIFAR-10 archive '{archive}' has no {FolderName}/{name}: is it the binary version ({ArchiveName})?");
        var train = TrainFiles.Select(f => ($"{archive}:{f}", Entry(f))).ToList();
        return new DatasetSplits(Decode("train", train, archive), Decode("test", [($"{archive}:{TestFile}", Entry(TestFile))], archive));
    }

    /// <summary>Decodes record files into one split; every file and label is checked.</summary>
    internal static ImageDataset Decode(string split, IReadOnlyList<(string Path, byte[] Bytes)> files, string source)
    {
        long records = 0;
        foreach (var (path, bytes) in files)
        {
            if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
                throw new DatasetException($"CIFAR-10 file '{path}' is truncated or not a CIFAR-10 batch: {bytes.Length:N0} bytes is not a whole number of {RecordBytes:N0}-byte records.");
            records += bytes.Length / RecordBytes;
        }
        var pixels = new byte[records * (RecordBytes - 1)];
        var labels = new long[records];
        long n = 0;
        foreach (var (path, bytes) in files)
        {
            for (int offset = 0; offset < bytes.Length; offset += RecordBytes, n++)
            {
                byte label = bytes[offset];
                if (label >= ClassNames.Count)
                    throw new DatasetException($"CIFAR-10 file '{path}' has label {label} in record {offset / RecordBytes:N0}; labels must be 0–9. The file is corrupt.");
                labels[n] = label;
                Buffer.BlockCopy(bytes, offset + 1, pixels, checked((int)(n * (RecordBytes - 1))), RecordBytes - 1);
            }
        }
        return new ImageDataset(Name, split, tensor(pixels, [records, Channels, ImageSize, ImageSize]), tensor(labels), ClassNames, source);
    }
}
