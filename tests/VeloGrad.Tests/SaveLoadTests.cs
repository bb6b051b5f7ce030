using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Tests.Support;
using static TorchSharp.torch;

namespace VeloGrad.Tests;

/// <summary>Saving and loading carry the whole state, so a resumed run continues bit for bit.</summary>
public sealed class SaveLoadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("velograd-save-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Sequential Model(int seed)
    {
        random.manual_seed(seed);
        return nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 3));
    }

    private static void Train(Sequential model, VeloGradOptimizer optimizer, int fromStep, int toStep)
    {
        for (int step = fromStep; step < toStep; step++)
        {
            using var _ = NewDisposeScope();
            var generator = new Generator(1000 + (ulong)step);
            var x = randn([8, 6], generator: generator);
            var y = randint(0, 3, [8], generator: generator);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(x), y);
            loss.backward();
            optimizer.SetLoss(loss.item<float>());
            optimizer.step();
        }
    }

    [Fact]
    public void A_run_resumed_from_a_save_continues_bit_identically()
    {
        var options = new VeloGradOptions { LearningRate = 0.01, LookaheadInterval = 3 };
        using var model = Model(seed: 1);
        using var optimizer = new VeloGradOptimizer(model.parameters(), options);
        Train(model, optimizer, 0, 7);
        string modelFile = Path.Combine(_folder, "model.bin"), optimizerFile = Path.Combine(_folder, "optimizer.bin");
        model.save(modelFile);
        optimizer.save_state_dict(optimizerFile);
        Train(model, optimizer, 7, 15);

        using var resumedModel = Model(seed: 99);
        resumedModel.load(modelFile);
        using var resumed = new VeloGradOptimizer(resumedModel.parameters(), options with { LearningRate = 0.5, Beta2 = 0.5 });
        resumed.load_state_dict(optimizerFile);
        Assert.Equal(0.01, resumed.Groups[0].Hyperparameters.LearningRate);
        Assert.Equal(0.99, resumed.Groups[0].Hyperparameters.Beta2);
        Train(resumedModel, resumed, 7, 15);

        foreach (var (a, b) in model.parameters().Zip(resumedModel.parameters()))
            Assert.True(Tolerance.Identical(a, b), "A resumed parameter differs from the uninterrupted run.");
        Assert.Equal(optimizer.LossAverage, resumed.LossAverage);
        foreach (var (a, b) in model.parameters().Zip(resumedModel.parameters()))
        {
            var (sa, sb) = (optimizer.GetState(a), resumed.GetState(b));
            Assert.Equal(sa.Step, sb.Step);
            Assert.True(Tolerance.Identical(sa.SlowParams!, sb.SlowParams!) && Tolerance.Identical(sa.PrevGrad!, sb.PrevGrad!)
                && Tolerance.Identical(sa.ExpAvg!, sb.ExpAvg!) && Tolerance.Identical(sa.ExpAvgSq!, sb.ExpAvgSq!));
        }
    }

    [Fact]
    public void State_dictionaries_copy_between_optimizers_without_sharing_tensors()
    {
        using var model = Model(seed: 2);
        using var optimizer = new VeloGradOptimizer(model.parameters());
        Train(model, optimizer, 0, 3);
        using var twin = Model(seed: 2);
        using var copy = new VeloGradOptimizer(twin.parameters());
        copy.load_state_dict(optimizer.state_dict());

        var first = model.parameters().First();
        var twinFirst = twin.parameters().First();
        Assert.True(optimizer.GetState(first).ApproximatelyEquals(copy.GetState(twinFirst)));
        Assert.Equal(optimizer.LossAverage, copy.LossAverage);
        Train(model, optimizer, 3, 4);
        Assert.False(optimizer.GetState(first).ApproximatelyEquals(copy.GetState(twinFirst)), "The copy shares tensors with its source.");
    }

    [Fact]
    public void Loading_the_state_of_a_different_model_fails_clearly_and_keeps_the_state()
    {
        using var small = nn.Linear(3, 2);
        using var large = nn.Linear(4, 2);
        using var source = new VeloGradOptimizer(small.parameters());
        using var target = new VeloGradOptimizer(large.parameters());
        foreach (var p in small.parameters()) p.grad = ones_like(p);
        foreach (var p in large.parameters()) p.grad = ones_like(p);
        source.step();
        target.step();
        string file = Path.Combine(_folder, "small.bin");
        source.save_state_dict(file);
        var weight = large.parameters().First();
        var before = target.GetState(weight).ExpAvg!.clone();

        var error = Assert.ThrowsAny<Exception>(() => target.load_state_dict(file));
        Assert.Contains("shape", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(Tolerance.Identical(before, target.GetState(weight).ExpAvg!));
    }
}
