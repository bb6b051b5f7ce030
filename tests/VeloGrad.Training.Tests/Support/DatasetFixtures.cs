using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using VeloGrad.Training.Data;

namespace VeloGrad.Training.Tests.Support;

/// <summary>Writes small datasets in the real formats, with content that identifies each pixel.</summary>
internal static class DatasetFixtures
{
    /// <summary>Record r of file f: label (f + r) % 10; pixel p of the record = (31·f + 7·r + p) % 256.</summary>
    public static byte[] CifarBatch(int fileIndex, int records)
    {
        var bytes = new byte[records * Cifar10.RecordBytes];
        for (int r = 0; r < records; r++)
        {
            int o = r * Cifar10.RecordBytes;
            bytes[o] = (byte)((fileIndex + r) % 10);
            for (int p = 0; p < Cifar10.RecordBytes - 1; p++) bytes[o + 1 + p] = (byte)((31 * fileIndex + 7 * r + p) % 256);
        }
        return bytes;
    }

    /// <summary>cifar-10-batches-bin with 3 records per training file and 4 in the test file.</summary>
    public static string WriteCifarFolder(string root)
    {
        string folder = Path.Combine(root, Cifar10.FolderName);
        Directory.CreateDirectory(folder);
        for (int i = 0; i < 5; i++) File.WriteAllBytes(Path.Combine(folder, Cifar10.TrainFiles[i]), CifarBatch(i, 3));
        File.WriteAllBytes(Path.Combine(folder, Cifar10.TestFile), CifarBatch(5, 4));
        return folder;
    }

    public static string WriteCifarArchive(string root, CompressionLevel level = CompressionLevel.Fastest)
    {
        string source = WriteCifarFolder(Path.Combine(root, "staging"));
        string archive = Path.Combine(root, Cifar10.ArchiveName);
        using (var file = File.Create(archive))
        using (var gzip = new GZipStream(file, level))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var path in Directory.GetFiles(source).Order())
                tar.WriteEntry(path, $"{Cifar10.FolderName}/{Path.GetFileName(path)}");
        }
        Directory.Delete(Path.Combine(root, "staging"), recursive: true);
        return archive;
    }

    public static byte[] Idx(byte type, int[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    /// <summary>Fashion-MNIST files: image i's pixel p = (i + p) % 256, label i % 10; 12 train and 5 test images.</summary>
    public static void WriteFashionMnist(string folder, bool gzip)
    {
        Directory.CreateDirectory(folder);
        foreach (var (prefix, count) in new[] { ("train", 12), ("t10k", 5) })
        {
            var pixels = new byte[count * 28 * 28];
            for (int i = 0; i < count; i++)
                for (int p = 0; p < 28 * 28; p++) pixels[i * 784 + p] = (byte)((i + p) % 256);
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
            Write(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), Idx(0x08, [count, 28, 28], pixels), gzip);
            Write(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), Idx(0x08, [count], labels), gzip);
        }
    }

    public static void Write(string path, byte[] bytes, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path + ".gz");
        using var stream = new GZipStream(file, CompressionLevel.Fastest);
        stream.Write(bytes);
    }
}
