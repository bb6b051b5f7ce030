using VeloGrad.Training.Data;
using VeloGrad.Training.Tests.Support;

namespace VeloGrad.Training.Tests.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void Auto_prefers_CIFAR10_then_Fashion_MNIST_then_synthetic_and_says_why()
    {
        using var cifar = new TemporaryFolder();
        using var fashion = new TemporaryFolder();
        using var empty = new TemporaryFolder();
        DatasetFixtures.WriteCifarFolder(cifar.Path);
        DatasetFixtures.WriteFashionMnist(fashion.Path, gzip: true);

        var (first, why) = DatasetCatalog.Resolve("auto", cifar.Path, fashion.Path);
        Assert.Equal(Cifar10.Name, first);
        Assert.Contains("CIFAR-10 found", why, StringComparison.Ordinal);
        Assert.Equal(FashionMnist.Name, DatasetCatalog.Resolve("auto", empty.Path, fashion.Path).Dataset);
        var (last, reason) = DatasetCatalog.Resolve("auto", empty.Path, empty.Path);
        Assert.Equal(SyntheticImages.Name, last);
        Assert.Contains("synthetic", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Resolve("imagenet"));
        Assert.Contains("cifar10, fashion-mnist, synthetic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_take_class_balanced_subsets()
    {
        using var splits = DatasetCatalog.Load(SyntheticImages.Name, seed: 2, trainLimit: 95, testLimit: 30);
        Assert.Equal(95, splits.Train.Count);
        Assert.Equal([10L, 10, 10, 10, 10, 9, 9, 9, 9, 9], splits.Train.ClassCounts());
        Assert.All(splits.Test.ClassCounts(), n => Assert.Equal(3, n));
    }
}
