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

    [Theory]
    [InlineData(VeloGradComponents.None, 2)]
    [InlineData(VeloGradComponents.DirectionalMomentum, 3)]
    [InlineData(VeloGradComponents.Lookahead, 3)]
    [InlineData(VeloGradComponents.All, 4)]
    public void State_holds_only_what_the_enabled_parts_need_and_round_trips(VeloGradComponents components, int tensors)
    {
        var options = new VeloGradOptions { Components = components };
        using var model = Model(seed: 4);
        using var optimizer = new VeloGradOptimizer(model.parameters(), options);
        Train(model, optimizer, 0, 6);
        var first = optimizer.GetState(model.parameters().First());
        Assert.Equal(tensors, new[] { first.ExpAvg, first.ExpAvgSq, first.PrevGrad, first.SlowParams }.Count(t => t is not null));

        string file = Path.Combine(_folder, $"{components}.bin");
        optimizer.save_state_dict(file);
        using var twin = Model(seed: 4);
        foreach (var (a, b) in model.parameters().Zip(twin.parameters())) using (no_grad()) b.copy_(a);
        using var resumed = new VeloGradOptimizer(twin.parameters(), options);
        resumed.load_state_dict(file);
        Train(model, optimizer, 6, 9);
        Train(twin, resumed, 6, 9);
        foreach (var (a, b) in model.parameters().Zip(twin.parameters()))
            Assert.True(Tolerance.Identical(a, b), "A resumed parameter differs from the uninterrupted run.");
    }

    [Fact]
    public void A_state_saved_without_a_part_continues_when_the_part_is_switched_on()
    {
        using var model = Model(seed: 5);
        using var adamLike = new VeloGradOptimizer(model.parameters(), new VeloGradOptions { Components = VeloGradComponents.None });
        Train(model, adamLike, 0, 3);
        string file = Path.Combine(_folder, "none.bin");
        adamLike.save_state_dict(file);
        using var full = new VeloGradOptimizer(model.parameters());
        full.load_state_dict(file); // restores the saved hyperparameters, parts included
        Assert.Equal(VeloGradComponents.None, full.Groups[0].Hyperparameters.Components);
        full.Groups[0].Hyperparameters = full.Groups[0].Hyperparameters with { Components = VeloGradComponents.All };
        Train(model, full, 3, 5);
        var state = full.GetState(model.parameters().First());
        Assert.Equal(5, state.Step);
        Assert.NotNull(state.PrevGrad);
        Assert.NotNull(state.SlowParams);
        Assert.All(model.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void A_parameter_state_in_format_version_1_with_its_four_tensors_still_loads()
    {
        using var model = Model(seed: 6);
        using var optimizer = new VeloGradOptimizer(model.parameters());
        Train(model, optimizer, 0, 4);
        var parameter = model.parameters().First();
        var state = optimizer.GetState(parameter);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            // Version 1: format, step, initialized, then always exp_avg, exp_avg_sq, prev_grad, slow_params.
            writer.Write(1);
            writer.Write(state.Step);
            writer.Write(true);
            foreach (var t in new[] { state.ExpAvg!, state.ExpAvgSq!, state.PrevGrad!, state.SlowParams! }) t.Save(writer);
        }
        stream.Position = 0;
        using var twin = Model(seed: 6);
        using var loaded = new VeloGradOptimizer(twin.parameters());
        var target = loaded.GetState(twin.parameters().First());
        using (var reader = new BinaryReader(stream)) target.LoadStateDict(reader);
        Assert.Equal(state.Step, target.Step);
        Assert.True(state.ApproximatelyEquals(target));
        Assert.True(Tolerance.Identical(state.SlowParams!, target.SlowParams!) && Tolerance.Identical(state.PrevGrad!, target.PrevGrad!));
    }
}
