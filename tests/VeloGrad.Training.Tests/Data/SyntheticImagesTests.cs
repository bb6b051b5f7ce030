using TorchSharp;
using VeloGrad.Training.Data;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Data;

public class SyntheticImagesTests
{
    [Fact]
    public void The_same_seed_gives_the_same_images_and_another_seed_others()
    {
        using var a = SyntheticImages.Generate(seed: 3, trainSize: 200, testSize: 50);
        using var b = SyntheticImages.Generate(seed: 3, trainSize: 200, testSize: 50);
        using var c = SyntheticImages.Generate(seed: 4, trainSize: 200, testSize: 50);
        Assert.Equal(a.Train.Checksum(), b.Train.Checksum());
        Assert.Equal(a.Test.Checksum(), b.Test.Checksum());
        Assert.NotEqual(a.Train.Checksum(), c.Train.Checksum());
        Assert.NotEqual(a.Train.Checksum(), a.Test.Checksum());
        Assert.Equal([3L, 32, 32], a.Train.ImageShape);
        Assert.All(a.Train.ClassCounts(), n => Assert.Equal(20, n));
    }

    /// <summary>Trains a model for a few epochs with plain Adam; returns test accuracy.</summary>
    private static double TrainAndTest(nn.Module<Tensor, Tensor> model, DatasetSplits data, int epochs)
    {
        using var optimizer = optim.Adam(model.parameters(), lr: 2e-3);
        var x = data.Train.Images.to(ScalarType.Float32) / 255f - 0.5f;
        var testX = data.Test.Images.to(ScalarType.Float32) / 255f - 0.5f;
        var generator = new Generator(0);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var order = randperm(data.Train.Count, generator: generator);
            for (long start = 0; start < data.Train.Count; start += 64)
            {
                using var _ = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(64, data.Train.Count - start));
                optimizer.zero_grad();
                nn.functional.cross_entropy(model.forward(x.index_select(0, index)), data.Train.Labels.index_select(0, index)).backward();
                optimizer.step();
            }
        }
        using (no_grad())
            return model.forward(testX).argmax(1).eq(data.Test.Labels).to(ScalarType.Float64).mean().item<double>();
    }

    [Fact]
    public void A_linear_model_stays_near_chance_while_a_small_CNN_learns_it_in_two_epochs()
    {
        random.manual_seed(0);
        using var data = SyntheticImages.Generate(seed: 1, trainSize: 4000, testSize: 1000);
        using var linear = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10));
        using var cnn = nn.Sequential(
            nn.Conv2d(3, 16, 5, padding: 2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding: 1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10));

        double linearAccuracy = TrainAndTest(linear, data, epochs: 2);
        double cnnAccuracy = TrainAndTest(cnn, data, epochs: 2);
        Assert.True(cnnAccuracy > 0.8, $"A small CNN reached only {cnnAccuracy:P1} in two epochs (linear: {linearAccuracy:P1}).");
        Assert.True(linearAccuracy < 0.5, $"A linear model reached {linearAccuracy:P1} (CNN: {cnnAccuracy:P1}): the set is too easy.");
    }
}
