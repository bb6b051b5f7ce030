using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.MixedPrecision;
using static TorchSharp.torch;

namespace VeloGrad.Tests.MixedPrecision;

/// <summary>
/// Training steps of a small convolutional network in float32, in mixed precision (autocast + float32 weights and
/// state, loss scaling for float16) and as a whole-model float16 cast, on gradients of ~1e-4 per element.
/// </summary>
public class MixedPrecisionTrainingTests(ITestOutputHelper output)
{
    private const int Steps = 12;
    private const double LossFactor = 1e-2; // puts the gradients at ~1e-4 per element, as late in training

    private enum Mode { Float32, Mixed, WholeModelCast }

    private sealed class Run(Sequential model, optim.Optimizer optimizer, GradScaler scaler, Tensor initial) : IDisposable
    {
        public Sequential Model { get; } = model;
        public optim.Optimizer Optimizer { get; } = optimizer;
        public GradScaler Scaler { get; } = scaler;
        public Tensor Initial { get; } = initial;
        public bool Diverged { get; set; }
        public Tensor Flat() => cat(Model.parameters().Select(p => p.detach().to(ScalarType.Float32).flatten()).ToList());
        public void Dispose()
        {
            Model.Dispose();
            Optimizer.Dispose();
            Initial.Dispose();
        }
    }

    /// <summary>The same network every call: initialised as PyTorch does (uniform within ±1/√fan-in) from its own
    /// generator, since torch's global one is shared with tests running alongside.</summary>
    private static Sequential Network()
    {
        var network = nn.Sequential(
                nn.Conv2d(3, 16, 3, padding: 1, bias: false), nn.BatchNorm2d(16), nn.ReLU(),
                nn.Conv2d(16, 32, 3, padding: 1, bias: false), nn.BatchNorm2d(32), nn.ReLU(),
                nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10));
        var generator = new Generator(11);
        using (no_grad())
        {
            foreach (var (name, p) in network.named_parameters())
            {
                if (name.Contains('.') && network.named_modules().First(m => m.name == name[..name.LastIndexOf('.')]).module is BatchNorm2d) continue;
                long fanIn = p.dim() > 1 ? p.numel() / p.shape[0] : 32; // the only bias is the head's: fan-in 32
                double bound = 1 / Math.Sqrt(fanIn);
                p.copy_(rand(p.shape, generator: generator).mul_(2 * bound).sub_(bound));
            }
        }
        return network;
    }

    private static optim.Optimizer Optimizer(string name, IEnumerable<Parameter> parameters) => name switch
    {
        "velograd" => new VeloGradOptimizer(parameters),
        "adam" => optim.Adam(parameters, lr: 1e-3, weight_decay: 1e-4),
        _ => throw new ArgumentException(name),
    };

    private static Run Train(Mode mode, string optimizerName, ScalarType half = ScalarType.Float16, int steps = Steps, Action<int, Run>? afterBackward = null, int growthInterval = 2000)
    {
        var model = Network();
        if (mode == Mode.WholeModelCast) model.to(half);
        var parameters = model.parameters().ToList();
        var run = new Run(model, Optimizer(optimizerName, parameters),
            new GradScaler(enabled: mode != Mode.Float32 && half == ScalarType.Float16, growthInterval: growthInterval),
            cat(parameters.Select(p => p.detach().to(ScalarType.Float32).flatten()).ToList()));
        var generator = new Generator(5);
        model.train();
        for (int step = 0; step < steps; step++)
        {
            using var _ = NewDisposeScope();
            var x = randn(16, 3, 8, 8, generator: generator);
            var y = randint(0, 10, [16], generator: generator);
            run.Optimizer.zero_grad();
            Tensor logits;
            using (mode == Mode.Mixed ? Autocast.Enable(DeviceType.CPU, half) : null)
                logits = model.call(mode == Mode.WholeModelCast ? x.to(half) : x);
            var loss = nn.functional.cross_entropy(logits.to(ScalarType.Float32), y) * LossFactor;
            run.Scaler.ScaleLoss(loss).backward();
            afterBackward?.Invoke(step, run);
            float value = loss.item<float>();
            if (!float.IsFinite(value))
            {
                run.Diverged = true; // a whole-model cast can reach a NaN loss
                break;
            }
            if (run.Optimizer is VeloGradOptimizer velograd) velograd.SetLoss(value);
            run.Scaler.Step(run.Optimizer, parameters);
        }
        return run;
    }

    private static double MeanAbsGradient(string optimizerName)
    {
        double mean = 0;
        using var run = Train(Mode.Float32, optimizerName, steps: 1, afterBackward: (_, r) =>
            mean = r.Model.parameters().Select(p => p.grad!.abs().mean().item<float>()).Average());
        return mean;
    }

    [Theory]
    [InlineData("velograd")]
    [InlineData("adam")]
    public void Float16_mixed_precision_tracks_float32_where_a_whole_model_float16_cast_breaks(string optimizerName)
    {
        Assert.InRange(MeanAbsGradient(optimizerName), 1e-5, 1e-3);
        using var reference = Train(Mode.Float32, optimizerName);
        using var mixed = Train(Mode.Mixed, optimizerName);
        using var cast = Train(Mode.WholeModelCast, optimizerName);
        using var referenceFlat = reference.Flat();
        double travelled = (referenceFlat - reference.Initial).norm().item<float>();
        double Deviation(Run run)
        {
            using var flat = run.Flat();
            return (flat - referenceFlat).norm().item<float>() / travelled;
        }
        double mixedDeviation = Deviation(mixed), castDeviation = Deviation(cast);
        bool castFinite = !cast.Diverged && cast.Flat().isfinite().all().item<bool>();
        output.WriteLine($"{optimizerName}: float32 moved {travelled:G3}; mixed deviates {mixedDeviation:P2} (skipped {mixed.Scaler.SkippedSteps}); whole-model cast deviates {castDeviation:G3}, finite: {castFinite}");

        Assert.False(mixed.Diverged);
        Assert.True(mixed.Flat().isfinite().all().item<bool>());
        Assert.InRange(mixedDeviation, 0, 0.10);
        Assert.True(!castFinite || castDeviation > 0.5, $"The whole-model float16 cast tracked float32 ({castDeviation:P1}): the contrast this test keeps is gone.");
    }

    [Theory]
    [InlineData(ScalarType.BFloat16, "velograd")]
    [InlineData(ScalarType.BFloat16, "adam")]
    [InlineData(ScalarType.Float16, "velograd")]
    [InlineData(ScalarType.Float16, "adam")]
    public void After_mixed_precision_steps_parameters_gradients_optimizer_state_and_batch_norm_statistics_are_float32(ScalarType half, string optimizerName)
    {
        using var run = Train(Mode.Mixed, optimizerName, half, steps: 6);
        var parameters = run.Model.parameters().ToList();
        Assert.All(parameters, p => Assert.Equal((ScalarType.Float32, ScalarType.Float32), (p.dtype, p.grad!.dtype)));
        var state = run.Optimizer switch
        {
            VeloGradOptimizer v => parameters.SelectMany(p => new[] { v.GetState(p).ExpAvg, v.GetState(p).ExpAvgSq, v.GetState(p).PrevGrad, v.GetState(p).SlowParams }).ToList(),
            _ => ((OptimizerHelper)run.Optimizer).state_dict().State.OfType<TorchSharp.Modules.Adam.State>().SelectMany(s => new Tensor?[] { s.exp_avg, s.exp_avg_sq }).ToList(),
        };
        Assert.Equal(optimizerName == "velograd" ? 4 * parameters.Count : 2 * parameters.Count, state.Count);
        Assert.All(state, t => Assert.Equal(ScalarType.Float32, t!.dtype));
        var norms = run.Model.modules().OfType<BatchNorm2d>().ToList();
        Assert.Equal(2, norms.Count);
        Assert.All(norms, n => Assert.Equal((ScalarType.Float32, ScalarType.Float32), (n.running_mean!.dtype, n.running_var!.dtype)));
    }

    [Fact]
    public void Injected_inf_and_nan_gradients_are_skipped_and_the_scale_recovers()
    {
        var poisoned = new Dictionary<int, float> { [2] = float.PositiveInfinity, [3] = float.NaN };
        var before = new Dictionary<int, Tensor>();
        var after = new Dictionary<int, Tensor>();
        var scales = new List<double>();
        using var run = Train(Mode.Mixed, "velograd", steps: 9, growthInterval: 2, afterBackward: (step, r) =>
        {
            scales.Add(r.Scaler.Scale);
            if (poisoned.TryGetValue(step, out float value))
            {
                r.Model.parameters().First().grad![0].fill_(value);
                before[step] = r.Flat().DetachFromDisposeScope();
            }
            if (poisoned.ContainsKey(step - 1)) after[step - 1] = r.Flat().DetachFromDisposeScope();
        });
        foreach (int step in poisoned.Keys)
            Assert.True(before[step].eq(after[step]).all().item<bool>(), $"step {step} with a non-finite gradient changed the parameters");
        Assert.Equal(2, run.Scaler.SkippedSteps);
        Assert.Equal(0, ((VeloGradOptimizer)run.Optimizer).GetState(run.Model.parameters().First()).Step - (9 - 2));
        // The scale each step's backward used: 2 good steps grow it ×2 (after steps 1, 5, 7), each skip halves it (2, 3).
        Assert.Equal([65536.0, 65536.0, 131072.0, 65536.0, 32768.0, 32768.0, 65536.0, 65536.0, 131072.0], scales);
        Assert.Equal(131072.0, run.Scaler.Scale);
    }
}

/// <summary>A model the user brings: TorchVision's ResNet-18, whose modules VeloGrad has never seen.</summary>
public class TorchVisionMixedPrecisionTests
{
    [Fact]
    public void TorchVisions_resnet18_trains_in_bfloat16_mixed_precision_with_float32_weights_and_state()
    {
        random.manual_seed(3);
        using var model = torchvision.models.resnet18(num_classes: 10);
        var parameters = model.parameters().ToList();
        using var optimizer = new VeloGradOptimizer(parameters);
        using var x = randn(4, 3, 32, 32);
        using var y = tensor(new long[] { 1, 2, 3, 4 });
        model.eval();
        using (no_grad())
        {
            using var reference = model.call(x);
            using var scope = Autocast.Enable(DeviceType.CPU, ScalarType.BFloat16);
            using var half = model.call(x);
            Assert.Equal(ScalarType.BFloat16, half.dtype);
            double error = (half.to(ScalarType.Float32) - reference).abs().max().item<float>() / reference.abs().max().item<float>();
            Assert.InRange(error, 1e-5, 0.05);
        }
        model.train();
        for (int step = 0; step < 2; step++)
        {
            using var _ = NewDisposeScope();
            optimizer.zero_grad();
            Tensor logits;
            using (Autocast.Enable(DeviceType.CPU, ScalarType.BFloat16)) logits = model.call(x);
            var loss = nn.functional.cross_entropy(logits.to(ScalarType.Float32), y);
            loss.backward();
            optimizer.SetLoss(loss.item<float>());
            optimizer.step();
        }
        Assert.All(parameters, p => Assert.Equal((ScalarType.Float32, ScalarType.Float32), (p.dtype, p.grad!.dtype)));
        Assert.All(parameters, p => Assert.Equal(2, optimizer.GetState(p).Step));
        Assert.All(parameters, p => Assert.Equal(ScalarType.Float32, optimizer.GetState(p).ExpAvgSq!.dtype));
        Assert.All(model.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal)), b => Assert.Equal(ScalarType.Float32, b.buffer.dtype));
    }
}
