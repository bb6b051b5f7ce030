using VeloGrad.Training.Data;
using VeloGrad.Training.Tests.Support;

namespace VeloGrad.Training.Tests.Data;

public class FashionMnistTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_idx_files_and_serves_them_padded_to_three_channels(bool gzip)
    {
        using var temp = new TemporaryFolder();
        DatasetFixtures.WriteFashionMnist(temp.Path, gzip);
        using var splits = FashionMnist.Load(temp.Path);
        Assert.Equal(12, splits.Train.Count);
        Assert.Equal(5, splits.Test.Count);
        Assert.Equal([3L, 32, 32], splits.Train.ImageShape);
        var image = splits.Train.Images[3];
        // Native pixel (r, c) of image 3 is (3 + 28r + c) % 256; served at (r + 2, c + 2) in every channel, zero border.
        Assert.Equal((byte)((3 + 28 * 5 + 7) % 256), image[1, 7, 9].item<byte>());
        Assert.Equal(image[0].flatten().data<byte>().ToArray(), image[2].flatten().data<byte>().ToArray());
        Assert.Equal(0, image[0, 0].sum().item<long>() + image[0, 31].sum().item<long>() + image[0].narrow(1, 1, 1).sum().item<long>());
        Assert.Equal(3, splits.Train.Labels[3].item<long>());
    }

    [Fact]
    public void Serves_the_native_shape_on_request()
    {
        using var temp = new TemporaryFolder();
        DatasetFixtures.WriteFashionMnist(temp.Path, gzip: true);
        using var splits = FashionMnist.Load(temp.Path, native: true);
        Assert.Equal([1L, 28, 28], splits.Test.ImageShape);
        Assert.Equal((byte)((4 + 28 * 2 + 1) % 256), splits.Test.Images[4, 0, 2, 1].item<byte>());
    }

    [Fact]
    public void A_wrong_magic_number_is_named()
    {
        using var temp = new TemporaryFolder();
        DatasetFixtures.WriteFashionMnist(temp.Path, gzip: false);
        string labels = Path.Combine(temp.Path, "t10k-labels-idx1-ubyte");
        File.Copy(Path.Combine(temp.Path, "t10k-images-idx3-ubyte"), labels, overwrite: true);
        var error = Assert.Throws<DatasetException>(() => FashionMnist.Load(temp.Path));
        Assert.Contains("t10k-labels-idx1-ubyte", error.Message, StringComparison.Ordinal);
        Assert.Contains("magic number 0x00000803", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10)]
    public void A_file_shorter_than_its_header_is_called_truncated_not_given_a_missing_magic_number(int length)
    {
        using var temp = new TemporaryFolder();
        DatasetFixtures.WriteFashionMnist(temp.Path, gzip: false);
        string images = Path.Combine(temp.Path, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..length]);
        string message = Assert.Throws<DatasetException>(() => FashionMnist.Load(temp.Path)).Message;
        Assert.Contains($"holds {length} byte{(length == 1 ? "" : "s")}, fewer than the 16 of an IDX header: it is truncated", message, StringComparison.Ordinal);
        Assert.DoesNotContain("missing", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_and_an_out_of_range_label_are_named()
    {
        using var temp = new TemporaryFolder();
        DatasetFixtures.WriteFashionMnist(temp.Path, gzip: false);
        string images = Path.Combine(temp.Path, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..1000]);
        Assert.Contains("truncated", Assert.Throws<DatasetException>(() => FashionMnist.Load(temp.Path)).Message, StringComparison.Ordinal);

        DatasetFixtures.WriteFashionMnist(temp.Path, gzip: false);
        DatasetFixtures.Write(Path.Combine(temp.Path, "t10k-labels-idx1-ubyte"), DatasetFixtures.Idx(0x08, [5], [1, 2, 3, 10, 4]), gzip: false);
        var error = Assert.Throws<DatasetException>(() => FashionMnist.Load(temp.Path));
        Assert.Contains("label 10 at position 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_says_how_to_install_the_data()
    {
        var error = Assert.Throws<DatasetException>(() => FashionMnist.Load("/nonexistent/fashion"));
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Debians_package_reads_when_installed()
    {
        if (!FashionMnist.IsPresent(FashionMnist.DebianFolder)) return; // .ci/run installs it; elsewhere nothing to read
        using var splits = FashionMnist.Load();
        Assert.Equal(60_000, splits.Train.Count);
        Assert.Equal(10_000, splits.Test.Count);
        Assert.All(splits.Test.ClassCounts(), count => Assert.Equal(1_000, count));
    }
}
