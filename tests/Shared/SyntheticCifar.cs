namespace VeloGrad.TestSupport;

/// <summary>A CIFAR-10 folder in the real binary layout (cifar-10-batches-bin: a label byte, then 3×32×32 pixels per
/// record) whose classes a model can tell apart: each class has its own mean brightness, plus noise.</summary>
internal static class SyntheticCifar
{
    private const int RecordBytes = 1 + 3 * 32 * 32;

    /// <summary>Writes <paramref name="perTrainFile"/> records into each of the five training files and <paramref name="test"/> into the test file; returns the data root.</summary>
    public static string Write(string root, int perTrainFile, int test)
    {
        string folder = Path.Combine(root, "cifar-10-batches-bin");
        Directory.CreateDirectory(folder);
        var random = new Random(0);
        byte[] Batch(int records)
        {
            var bytes = new byte[records * RecordBytes];
            for (int r = 0; r < records; r++)
            {
                int label = r % 10, o = r * RecordBytes;
                bytes[o] = (byte)label;
                for (int p = 1; p < RecordBytes; p++) bytes[o + p] = (byte)(label * 25 + random.Next(41));
            }
            return bytes;
        }
        for (int i = 1; i <= 5; i++) File.WriteAllBytes(Path.Combine(folder, $"data_batch_{i}.bin"), Batch(perTrainFile));
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), Batch(test));
        return root;
    }
}
