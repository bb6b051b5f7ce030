using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.MixedPrecision;
using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Models;
using VeloGrad.Training.Optimizers;
using static TorchSharp.torch;

namespace VeloGrad.Benchmarks;

/// <summary>
/// Float32 against bfloat16 mixed precision (autocast) on ResNet-18, batches of 128, in one run: the bare
/// forward + backward + Adam step in NCHW and channels-last layouts, measured in interleaved rounds, each ratio
/// against float32 NCHW of the same round; then the whole training loop with VeloGrad in both precisions; and
/// PyTorch 1.13's CPU autocast where python3-torch is installed.
/// </summary>
internal static class PrecisionBenchmark
{
    private const int BatchSize = 128;

    /// <param name="ChannelsLast">The input batch in channels-last layout (activations follow it through the convolutions).</param>
    /// <param name="ChannelsLastWeights">The convolution weights too.</param>
    private sealed record Variant(string Name, ScalarType? Half, bool ChannelsLast, bool ChannelsLastWeights = false);

    private static readonly Variant[] Variants =
    [
        new("float32", null, false),
        new("bfloat16 mixed", ScalarType.BFloat16, false),
        new("float32 channels-last", null, true),
        new("bfloat16 mixed channels-last", ScalarType.BFloat16, true),
        new("float32 channels-last + weights", null, true, true),
        new("bfloat16 channels-last + weights", ScalarType.BFloat16, true, true),
    ];

    public static int Run(int rounds, int batches, string? jsonPath)
    {
        var samples = Variants.ToDictionary(v => v.Name, _ => new List<double>());
        var ratios = Variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            double baseline = 0;
            foreach (var variant in Variants)
            {
                double perSecond = BareThroughput(variant, batches);
                if (variant.Half is null && !variant.ChannelsLast) baseline = perSecond;
                samples[variant.Name].Add(perSecond);
                ratios[variant.Name].Add(perSecond / baseline);
            }
        }

        var loops = new List<(string Name, double ImagesPerSecond)>();
        using (var data = SyntheticImages.Generate(seed: 0, trainSize: BatchSize * batches, testSize: 10))
        {
            foreach (var half in new ScalarType?[] { null, ScalarType.BFloat16, null, ScalarType.BFloat16 })
                loops.Add((half is null ? "float32" : "bfloat16 mixed", LoopThroughput(half, data.Train)));
        }

        string Rounds(string name) => string.Join(" ", samples[name].Select(s => s.ToString("F0", CultureInfo.InvariantCulture)));
        Console.WriteLine($"Precision on resnet18, batches of {BatchSize}, {get_num_threads()} threads; bare forward+backward+Adam, {rounds} rounds of {batches} batches, median images/s and median ratio to float32 NCHW of the same round:");
        foreach (var v in Variants)
            Console.WriteLine($"  {v.Name,-34} {StepTimer.MedianMilliseconds(samples[v.Name]),8:F0} images/s   {StepTimer.MedianMilliseconds(ratios[v.Name]):F2}   (rounds: {Rounds(v.Name)})");

        var pytorch = new Dictionary<string, double?>();
        foreach (var (name, args) in new[] { ("float32", "float32"), ("bfloat16 autocast", "bfloat16") })
            pytorch[name] = PyTorchReference.Run("bare-train", "--batches", batches.ToString(CultureInfo.InvariantCulture), "--precision", args)?.GetProperty("images_per_second").GetDouble();
        if (pytorch.Values.All(v => v is not null))
        {
            double ours = StepTimer.MedianMilliseconds(samples["bfloat16 mixed"]);
            Console.WriteLine($"  PyTorch float32                {pytorch["float32"],8:F0} images/s");
            Console.WriteLine($"  PyTorch bfloat16 autocast      {pytorch["bfloat16 autocast"],8:F0} images/s   {pytorch["bfloat16 autocast"] / pytorch["float32"]:F2} (vs PyTorch float32); ours bfloat16 / PyTorch bfloat16 = {ours / pytorch["bfloat16 autocast"]:F2}");
        }
        else Console.WriteLine("  (PyTorch baselines skipped: /usr/bin/python3 has no torch; apt-get install python3-torch)");

        Console.WriteLine("Whole training loop with VeloGrad (data, augmentation, forward, backward, step, metrics), alternating:");
        foreach (var (name, perSecond) in loops) Console.WriteLine($"  {name,-30} {perSecond,8:F0} images/s");
        double loopRatio = loops.Where(l => l.Name != "float32").Average(l => l.ImagesPerSecond) / loops.Where(l => l.Name == "float32").Average(l => l.ImagesPerSecond);
        Console.WriteLine($"  bfloat16 mixed / float32 (means of 2): {loopRatio:F2}");

        var profiles = new[] { LayerProfile.Measure(null, batches), LayerProfile.Measure(ScalarType.BFloat16, batches) };
        LayerProfile.Print(profiles[0], profiles[1]);
        var convolutions = ConvolutionProfile.Measure(repeats: 3);


        if (jsonPath is not null)
            BenchmarkReport.Write(jsonPath, "precision", new
            {
                model = "resnet18", batchSize = BatchSize, rounds, batches,
                bare = Variants.Select(v => new { variant = v.Name, medianImagesPerSecond = StepTimer.MedianMilliseconds(samples[v.Name]), medianRatio = StepTimer.MedianMilliseconds(ratios[v.Name]), rounds = samples[v.Name] }),
                pytorch,
                loops = loops.Select(l => new { precision = l.Name, imagesPerSecond = l.ImagesPerSecond }),
                loopRatio,
                convolutions = convolutions.Select(c => new { layer = c.Layer, shape = c.Shape, float32Ms = c.Float32Ms, bfloat16Ms = c.BFloat16Ms }),
                layers = profiles.Select(p => new { precision = p.Precision, forwardMs = p.ForwardMs, backwardMs = p.BackwardMs, forwardByLayerTypeMs = p.ByType }),
            });
        return 0;
    }

    private static double BareThroughput(Variant variant, int batches)
    {
        using var network = ModelRegistry.Create(ModelCatalog.ResNet18Name, 10, seed: 0);
        if (variant.ChannelsLastWeights) ChannelsLast.Convert(network);
        network.train();
        using var adam = optim.Adam(network.parameters(), lr: 1e-3, weight_decay: 1e-4);
        using var input = randn(BatchSize, 3, 32, 32);
        using var x = variant.ChannelsLast ? ChannelsLast.Of(input) : input.alias();
        using var y = randint(0, 10, [BatchSize]);
        void Step()
        {
            using var _ = NewDisposeScope();
            adam.zero_grad();
            Tensor output;
            using (variant.Half is ScalarType half ? Autocast.Enable(DeviceType.CPU, half) : null)
                output = network.call(x);
            nn.functional.cross_entropy(output.to(ScalarType.Float32), y).backward();
            adam.step();
        }
        Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < batches; i++) Step();
        return batches * BatchSize / clock.Elapsed.TotalSeconds;
    }

    private static double LoopThroughput(ScalarType? half, ImageDataset train)
    {
        using var network = ModelRegistry.Create(ModelCatalog.ResNet18Name, 10, seed: 0);
        var parameters = network.parameters().ToList();
        using var opt = OptimizerRecipes.Of(OptimizerSpec.Parse("velograd")).Create(parameters);
        var loader = new BatchLoader(train, new TrainingAugmentation(new AugmentationOptions()), BatchSize, seed: 1);
        var epoch = new TrainingEpoch(network, opt, parameters, new GradScaler(false), accumulation: 2, half, SilentObserver.Instance);
        epoch.Run(loader, 0, 2, CancellationToken.None); // warm-up: allocations, state
        var clock = Stopwatch.StartNew();
        epoch.Run(loader, 1, 2, CancellationToken.None);
        return train.Count / clock.Elapsed.TotalSeconds;
    }
}

/// <summary>Where a batch's time goes: forward time per layer type (hooks around every leaf module's forward,
/// medians over batches) and the whole backward, in one precision.</summary>
internal sealed record LayerProfile(string Precision, double ForwardMs, double BackwardMs, Dictionary<string, double> ByType)
{
    public static LayerProfile Measure(ScalarType? half, int batches)
    {
        using var network = ModelRegistry.Create(ModelCatalog.ResNet18Name, 10, seed: 0);
        network.train();
        using var x = randn(128, 3, 32, 32);
        using var y = randint(0, 10, [128]);
        var perType = new Dictionary<string, List<double>>();
        var current = new Dictionary<string, double>();
        var started = new Dictionary<nn.Module, long>();
        foreach (var (_, module) in network.named_modules())
        {
            if (module.children().Any() || module is not nn.Module<Tensor, Tensor> leaf) continue;
            string type = module.GetType().Name;
            leaf.register_forward_pre_hook(m => started[m] = Stopwatch.GetTimestamp());
            leaf.register_forward_hook(m => current[type] = current.GetValueOrDefault(type) + Stopwatch.GetElapsedTime(started[m]).TotalMilliseconds);
        }
        var forward = new List<double>();
        var backward = new List<double>();
        for (int i = 0; i <= batches; i++)
        {
            using var _ = NewDisposeScope();
            current.Clear();
            network.zero_grad();
            long start = Stopwatch.GetTimestamp();
            Tensor output;
            using (half is ScalarType h ? Autocast.Enable(DeviceType.CPU, h) : null)
                output = network.call(x);
            var loss = nn.functional.cross_entropy(output.to(ScalarType.Float32), y);
            double forwardMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            loss.backward();
            if (i == 0) continue; // warm-up
            backward.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            forward.Add(forwardMs);
            current["(rest: relu, add, loss)"] = forwardMs - current.Values.Sum();
            foreach (var (type, ms) in current) (perType.TryGetValue(type, out var list) ? list : perType[type] = []).Add(ms);
        }
        return new(half is null ? "float32" : "bfloat16 mixed", StepTimer.MedianMilliseconds(forward), StepTimer.MedianMilliseconds(backward),
            perType.ToDictionary(kv => kv.Key, kv => StepTimer.MedianMilliseconds(kv.Value)));
    }

    public static void Print(LayerProfile float32, LayerProfile half)
    {
        Console.WriteLine($"Where a batch's time goes (ms, medians; forward by layer type, then the whole backward):");
        Console.WriteLine($"  {"",-30} {float32.Precision,10} {half.Precision,16}   ratio");
        foreach (var type in float32.ByType.Keys.OrderByDescending(k => float32.ByType[k]))
            Console.WriteLine($"  {"forward " + type,-30} {float32.ByType[type],10:F1} {half.ByType.GetValueOrDefault(type),16:F1}   {half.ByType.GetValueOrDefault(type) / float32.ByType[type]:F2}");
        Console.WriteLine($"  {"forward total",-30} {float32.ForwardMs,10:F1} {half.ForwardMs,16:F1}   {half.ForwardMs / float32.ForwardMs:F2}");
        Console.WriteLine($"  {"backward total",-30} {float32.BackwardMs,10:F1} {half.BackwardMs,16:F1}   {half.BackwardMs / float32.BackwardMs:F2}");
    }
}

/// <summary>Each of ResNet-18's convolutions alone, forward and backward (input and weight gradients), in float32
/// and in bfloat16 (NCHW), on the shapes a batch of 128 32×32 images gives them.</summary>
internal sealed record ConvolutionProfile(string Layer, string Shape, double Float32Ms, double BFloat16Ms)
{
    public static List<ConvolutionProfile> Measure(int repeats)
    {
        using var network = ModelRegistry.Create(ModelCatalog.ResNet18Name, 10, seed: 0);
        var shapes = new List<(string Name, Conv2d Conv, long[] Input)>();
        foreach (var (name, module) in network.named_modules())
            if (module is Conv2d conv)
                conv.register_forward_pre_hook((m, input) => { shapes.Add((name, conv, input.shape)); return input; });
        using (no_grad()) network.call(zeros(128, 3, 32, 32)).Dispose();

        double Time(Conv2d conv, long[] shape, ScalarType type)
        {
            var samples = new List<double>();
            for (int i = 0; i <= repeats; i++)
            {
                using var _ = NewDisposeScope();
                var x = randn(shape, dtype: type).requires_grad_();
                var w = conv.weight!.detach().to(type).requires_grad_();
                long start = Stopwatch.GetTimestamp();
                var y = nn.functional.conv2d(x, w, null, conv.stride, conv.padding, conv.dilation, conv.groups);
                (y.to(ScalarType.Float32) * 1e-3).sum().backward();
                if (i > 0) samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return StepTimer.MedianMilliseconds(samples);
        }
        var result = shapes.Select(s => new ConvolutionProfile(s.Name, $"{string.Join('x', s.Input)} -> {s.Conv.weight!.shape[0]}, k{s.Conv.weight.shape[2]} s{s.Conv.stride[0]}",
            Time(s.Conv, s.Input, ScalarType.Float32), Time(s.Conv, s.Input, ScalarType.BFloat16))).ToList();
        Console.WriteLine("Each convolution alone, forward + backward (ms, medians):");
        Console.WriteLine($"  {"layer",-22} {"input -> out, kernel, stride",-34} {"float32",8} {"bfloat16",9}   ratio");
        foreach (var c in result)
            Console.WriteLine($"  {c.Layer,-22} {c.Shape,-34} {c.Float32Ms,8:F1} {c.BFloat16Ms,9:F1}   {c.BFloat16Ms / c.Float32Ms:F2}");
        Console.WriteLine($"  {"all",-22} {"",-34} {result.Sum(c => c.Float32Ms),8:F1} {result.Sum(c => c.BFloat16Ms),9:F1}   {result.Sum(c => c.BFloat16Ms) / result.Sum(c => c.Float32Ms):F2}");
        return result;
    }
}

/// <summary>The channels-last (NHWC) memory layout, which TorchSharp cannot ask for: same shapes, permuted strides.</summary>
internal static class ChannelsLast
{
    public static Tensor Of(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    public static void Convert(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var p in module.parameters().Where(p => p.dim() == 4))
        {
            using var permuted = Of(p);
            p.set_(permuted);
        }
    }
}
