using TorchSharp;
using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.MixedPrecision;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Loading;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Engine;

public class TrainingEpochTests
{
    private static ImageDataset Tiny(int count, ulong seed)
    {
        using var g = new Generator(seed);
        return new ImageDataset("tiny", "train", randint(0, 256, [count, 3, 4, 4], generator: g, dtype: ScalarType.Byte),
            randint(0, 3, [count], generator: g), ["a", "b", "c"], "memory");
    }

    private static readonly IBatchTransform Plain = new EvaluationTransform(new AugmentationOptions());

    [Fact]
    public void A_partial_last_window_is_stepped_with_its_own_average_and_no_gradient_is_left()
    {
        using var data = Tiny(24, 1);
        random.manual_seed(0);
        using var model = nn.Sequential(nn.Flatten(), nn.Linear(48, 3));
        var parameters = model.parameters().ToList();
        using var optimizer = new VeloGradOptimizer(parameters);
        var loader = new BatchLoader(data, Plain, batchSize: 8, shuffle: false); // 3 batches: windows [0, 1] and [2]
        var epoch = new TrainingEpoch(model, optimizer, parameters, new GradScaler(false), accumulation: 2, autocastType: null, SilentObserver.Instance);

        Assert.NotNull(epoch.Run(loader, epoch: 0, epochs: 1, CancellationToken.None));
        Assert.All(parameters, p => Assert.Equal(2, optimizer.GetState(p).Step));
        Assert.All(parameters, p => Assert.Null(p.grad));
    }

    [Fact]
    public void The_step_of_a_one_batch_window_uses_that_batchs_full_gradient()
    {
        using var data = Tiny(8, 2);
        random.manual_seed(0);
        using var model = nn.Sequential(nn.Flatten(), nn.Linear(48, 3));
        var parameters = model.parameters().ToList();
        var before = parameters.Select(p => p.detach().clone()).ToList();

        // The gradient of the mean loss on the single batch, computed directly.
        var loader = new BatchLoader(data, Plain, batchSize: 8, shuffle: false);
        using (var batch = loader.Epoch(0).Single())
            nn.functional.cross_entropy(model.call(batch.Images), batch.Labels).backward();
        var expected = parameters.Select(p => p.grad!.clone()).ToList();
        foreach (var p in parameters) p.grad = null;

        using var sgd = optim.SGD(parameters, learningRate: 1.0);
        var epoch = new TrainingEpoch(model, sgd, parameters, new GradScaler(false), accumulation: 4, autocastType: null, SilentObserver.Instance);
        epoch.Run(loader, epoch: 0, epochs: 1, CancellationToken.None);

        for (int i = 0; i < parameters.Count; i++)
            Assert.True((before[i] - parameters[i]).allclose(expected[i], rtol: 1e-5, atol: 1e-7), $"Parameter {i} did not move by the full gradient.");
    }

    [Fact]
    public void Reported_loss_and_accuracy_are_sample_weighted_over_the_epoch()
    {
        using var data = Tiny(10, 3);
        random.manual_seed(0);
        using var model = nn.Sequential(nn.Flatten(), nn.Linear(48, 3));
        var parameters = model.parameters().ToList();
        var loader = new BatchLoader(data, Plain, batchSize: 4, shuffle: false);
        // With lr 0 nothing changes, so the epoch's figures equal the whole split's.
        using var frozen = optim.SGD(parameters, learningRate: 0.0);
        var epoch = new TrainingEpoch(model, frozen, parameters, new GradScaler(false), accumulation: 1, autocastType: null, SilentObserver.Instance);
        var result = epoch.Run(loader, 0, 1, CancellationToken.None)!.Value;

        using var all = new EvaluationTransform(new AugmentationOptions()).Apply(data.Images, new Generator(0));
        using var _ = no_grad();
        var output = model.call(all);
        Assert.Equal(nn.functional.cross_entropy(output, data.Labels).item<float>(), result.Loss, 5);
        Assert.Equal(100.0 * output.argmax(1).eq(data.Labels).sum().item<long>() / 10, result.Accuracy, 9);
    }
}
