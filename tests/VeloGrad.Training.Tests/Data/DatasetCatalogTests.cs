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

        var first = DatasetSelection.Choose("auto", cifar.Path, fashion.Path, allowDownload: false);
        Assert.Equal(Cifar10.Name, first.Dataset);
        Assert.Contains("CIFAR-10 found", first.Reason, StringComparison.Ordinal);
        Assert.Equal(FashionMnist.Name, DatasetSelection.Choose("auto", empty.Path, fashion.Path, allowDownload: false).Dataset);
        var last = DatasetSelection.Choose("auto", empty.Path, empty.Path, allowDownload: false);
        Assert.Equal(SyntheticImages.Name, last.Dataset);
        Assert.Contains("synthetic", last.Reason, StringComparison.Ordinal);
        Assert.Contains("downloads are off", last.Reason, StringComparison.Ordinal);
        Assert.Contains("apt-get install dataset-fashion-mnist", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<InvalidSettingException>(() => DatasetSelection.Choose("imagenet", "data", null, allowDownload: false));
        Assert.Equal(nameof(TrainingConfig.Dataset), error.Setting);
        Assert.Contains("cifar10, fashion-mnist, mnist, synthetic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_take_class_balanced_subsets()
    {
        using var splits = DatasetCatalog.Load(SyntheticImages.Name, seed: 2, trainLimit: 95, testLimit: 30);
        Assert.Equal(95, splits.Train.Count);
        Assert.Equal([10L, 10, 10, 10, 10, 9, 9, 9, 9, 9], splits.Train.ClassCounts());
        Assert.All(splits.Test.ClassCounts(), n => Assert.Equal(3, n));
    }

    [Fact]
    public void A_limit_caps_the_synthetic_set_and_never_grows_it()
    {
        using var huge = DatasetCatalog.Load(SyntheticImages.Name, seed: 1, trainLimit: 16, testLimit: 2_000_000_000);
        Assert.Equal(16, huge.Train.Count);
        Assert.Equal(SyntheticImages.DefaultTestSize, huge.Test.Count);
    }
}
