using VeloGrad.Training.Data;
using VeloGrad.Training.Tests.Support;

namespace VeloGrad.Training.Tests.Data;

public class Cifar10Tests
{
    private static void AssertFixtureContent(DatasetSplits splits)
    {
        Assert.Equal(15, splits.Train.Count);
        Assert.Equal(4, splits.Test.Count);
        Assert.Equal([3L, 32, 32], splits.Train.ImageShape);
        // Training record 4 is record 1 of data_batch_2 (file index 1): label 2, pixels (31 + 7 + p) % 256.
        Assert.Equal(2, splits.Train.Labels[4].item<long>());
        var image = splits.Train.Images[4].flatten().data<byte>().ToArray();
        Assert.Equal(Enumerable.Range(0, 3072).Select(p => (byte)((38 + p) % 256)), image);
        // Channel order: the red plane first, then green at offset 1,024.
        Assert.Equal((byte)((38 + 1024) % 256), splits.Train.Images[4, 1, 0, 0].item<byte>());
        Assert.Equal(Enumerable.Range(0, 4).Select(r => (long)((5 + r) % 10)), splits.Test.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Reads_the_binary_folder()
    {
        using var temp = new TemporaryFolder();
        DatasetFixtures.WriteCifarFolder(temp.Path);
        using var splits = Cifar10.Load(temp.Path);
        AssertFixtureContent(splits);
        Assert.EndsWith(Cifar10.FolderName, splits.Train.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_straight_from_the_archive_with_the_same_content()
    {
        using var temp = new TemporaryFolder();
        DatasetFixtures.WriteCifarArchive(temp.Path);
        using var fromArchive = Cifar10.Load(temp.Path);
        AssertFixtureContent(fromArchive);
        using var other = new TemporaryFolder();
        DatasetFixtures.WriteCifarFolder(other.Path);
        using var fromFolder = Cifar10.Load(other.Path);
        Assert.Equal(fromFolder.Train.Checksum(), fromArchive.Train.Checksum());
    }

    [Fact]
    public void A_missing_folder_says_where_it_looked_and_how_to_get_the_data()
    {
        var error = Assert.Throws<DatasetException>(() => Cifar10.Load("/nonexistent/cifar"));
        Assert.Contains("/nonexistent/cifar", error.Message, StringComparison.Ordinal);
        Assert.Contains("Download it (MD5-checked)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_named()
    {
        using var temp = new TemporaryFolder();
        string folder = DatasetFixtures.WriteCifarFolder(temp.Path);
        string path = Path.Combine(folder, "data_batch_3.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..5000]);
        var error = Assert.Throws<DatasetException>(() => Cifar10.Load(temp.Path));
        Assert.Contains("data_batch_3.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_out_of_range_label_is_named()
    {
        using var temp = new TemporaryFolder();
        string folder = DatasetFixtures.WriteCifarFolder(temp.Path);
        string path = Path.Combine(folder, Cifar10.TestFile);
        var bytes = File.ReadAllBytes(path);
        bytes[Cifar10.RecordBytes * 2] = 12;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<DatasetException>(() => Cifar10.Load(temp.Path));
        Assert.Contains("test_batch.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("label 12 in record 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_archive_is_named()
    {
        using var temp = new TemporaryFolder();
        string archive = DatasetFixtures.WriteCifarArchive(temp.Path);
        File.WriteAllBytes(archive, File.ReadAllBytes(archive)[..200]);
        var error = Assert.Throws<DatasetException>(() => Cifar10.Load(temp.Path));
        Assert.Contains(Cifar10.ArchiveName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damage_to_stored_image_bytes_is_caught_by_the_gzip_checksum()
    {
        // Stored (uncompressed) deflate blocks: a flipped pixel byte still decodes, and only the gzip trailer's CRC
        // can tell. The tar reader stops at its end-of-archive marker, before the trailer: the loader must read on.
        using var temp = new TemporaryFolder();
        string archive = DatasetFixtures.WriteCifarArchive(temp.Path, System.IO.Compression.CompressionLevel.NoCompression);
        byte[] raw = File.ReadAllBytes(archive);
        byte[] pixels = DatasetFixtures.CifarBatch(5, 4)[1..65]; // the first image of test_batch.bin
        int at = raw.AsSpan().IndexOf(pixels);
        Assert.True(at > 0, "the fixture's pixels are not stored verbatim");
        raw[at + 10] ^= 0x5A;
        File.WriteAllBytes(archive, raw);
        var error = Assert.Throws<DatasetException>(() => Cifar10.Load(temp.Path));
        Assert.Contains(Cifar10.ArchiveName, error.Message, StringComparison.Ordinal);
        Assert.Contains("Delete it and download it again", error.Message, StringComparison.Ordinal);
    }
}
