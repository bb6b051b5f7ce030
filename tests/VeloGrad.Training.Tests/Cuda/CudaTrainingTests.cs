using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Loading;
using VeloGrad.Tests.Shared;
using VeloGrad.Training.Tests.Support;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Cuda;

/// <summary>The training loop on a GPU: skipped, saying so, where CUDA is not available.</summary>
public sealed class CudaTrainingTests : IDisposable
{
    private readonly TemporaryFolder _temp = new();
    private readonly DatasetSplits _data = SyntheticImages.Generate(seed: 5, trainSize: 192, testSize: 64);

    public void Dispose()
    {
        _data.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("velograd", Precision.Float16)]
    [InlineData("adam", Precision.Float16)]
    [InlineData("velograd", Precision.BFloat16)]
    [InlineData("sgd", Precision.Float32)]
    public void Runs_on_CUDA_in_each_precision_and_repeat_its_first_epoch(string optimizer, Precision precision)
    {
        Assert.SkipUnless(CudaAvailability.Available, CudaAvailability.SkipReason);
        var config = SmallRuns.Config(optimizer, epochs: 2) with { Device = DeviceChoice.Cuda, Precision = precision };
        var whole = new Trainer(config).Run(_data, _temp["whole"], cancel: TestContext.Current.CancellationToken);
        var first = new Trainer(config with { Epochs = 1 }).Run(_data, _temp["parts"], cancel: TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal("cuda", whole.Environment.Device);
        Assert.All(whole.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
        // cuDNN may pick kernels that sum in another order from run to run: the same seed repeats to rounding.
        Assert.Equal(whole.Epochs[0].TrainLoss, first.Epochs[0].TrainLoss, 1e-3 * Math.Abs(whole.Epochs[0].TrainLoss));
    }

    [Fact]
    public void Augmentation_on_the_GPU_draws_what_it_draws_on_the_CPU()
    {
        Assert.SkipUnless(CudaAvailability.Available, CudaAvailability.SkipReason);
        var augmentation = new TrainingAugmentation(new AugmentationOptions());
        using var images = randint(0, 256, [16, 3, 32, 32], dtype: ScalarType.Byte);
        using var onCpu = augmentation.Apply(images, new Generator(3));
        using var onGpu = augmentation.Apply(DeviceUpload.To(images, CUDA), new Generator(3));
        // Nearest-neighbour rotation can pick the other pixel where a coordinate rounds differently: nearly all agree.
        using var agree = onCpu.isclose(onGpu.cpu(), rtol: 1e-5, atol: 1e-5).to(ScalarType.Float32).mean();
        Assert.True(agree.item<float>() > 0.99f, $"only {agree.item<float>():P1} of the elements agree");
    }
}
