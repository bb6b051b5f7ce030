using TorchSharp.Modules;
using VeloGrad.Training.Models;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Models;

/// <summary>DeepOBS's networks held to DeepOBS's PyTorch code (testproblems_modules.py): parameter counts, output shapes,
/// TensorFlow "same" padding, and each initialisation's statistics.</summary>
public class DeepObsModelTests
{
    [Theory]
    [InlineData("logreg", 1, 28, 7_850)]        // 784·10 + 10
    [InlineData("mlp", 1, 28, 1_336_610)]       // 784·1000+1000 + 1000·500+500 + 500·100+100 + 100·10+10
    [InlineData("2c2d", 1, 28, 3_274_634)]      // DeepOBS's fmnist_2c2d
    [InlineData("3c3d", 3, 32, 895_210)]        // DeepOBS's cifar10_3c3d
    public void Each_classifier_has_DeepOBSs_parameter_count_and_10_scores(string name, int channels, int size, long parameters)
    {
        using var model = ModelRegistry.Create(name, classes: 10, inputChannels: channels, seed: 1, imageSize: size);
        Assert.Equal(parameters, model.parameters().Sum(p => p.numel()));
        model.eval();
        using var _ = no_grad();
        using var output = model.call(rand(2, channels, size, size));
        Assert.Equal([2L, 10], output.shape);
    }

    [Fact]
    public void The_vae_has_DeepOBSs_layers_and_reconstructs_28_by_28_in_the_unit_range()
    {
        using var model = new Vae(28);
        ModelInitialization.Apply(model, 3, ConvolutionInit.PyTorchDefault);
        var shapes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal([8L, 7 * 7 * 64], shapes["dense1.weight"]);
        Assert.Equal([49L, 24], shapes["dense4.weight"]);
        Assert.Equal([1L, 64, 4, 4], shapes["deconv1.weight"]); // transposed: [in, out, k, k]
        Assert.Equal([784L, 14 * 14 * 64], shapes["dense5.weight"]);
        model.eval();
        using var _ = no_grad();
        using var noise = new Generator(0);
        var (reconstruction, mean, _, _) = model.Pass(rand(3, 1, 28, 28), noise);
        Assert.Equal([3L, 1, 28, 28], reconstruction.shape);
        Assert.Equal([3L, 8], mean.shape);
        Assert.True(reconstruction.min().item<float>() >= 0 && reconstruction.max().item<float>() <= 1, "the sigmoid output left [0, 1]");
    }

    [Fact]
    public void Tf_same_padding_is_DeepOBSs_and_puts_the_odd_pixel_after()
    {
        Assert.Equal([2L, 2, 2, 2], TfSamePadding.Forward(28, 28, 5, 1));   // 5×5 "same" at stride 1
        Assert.Equal([0L, 0, 0, 0], TfSamePadding.Forward(28, 28, 2, 2));   // 2×2 pooling of stride 2 on an even side
        Assert.Equal([0L, 1, 0, 1], TfSamePadding.Forward(28, 28, 3, 2));   // 3×3 pooling of stride 2: ⌈28/2⌉ = 14 needs 1, after
        Assert.Equal([1L, 1, 1, 1], TfSamePadding.Forward(28, 28, 4, 2));   // the VAE's strided 4×4 convolution
        Assert.Equal([1L, 2, 1, 2], TfSamePadding.Forward(7, 7, 4, 1));     // its stride-1 one
        Assert.Equal([1L, 1, 1, 1], TfSamePadding.Inverse(7, 7, 4, 2));     // 7 → 14 transposed
        Assert.Equal([1L, 2, 1, 2], TfSamePadding.Inverse(14, 14, 4, 1));   // 14 → 14 transposed
    }

    [Fact]
    public void The_2c2d_weights_are_truncated_normals_of_std_0_05_and_its_biases_0_05()
    {
        using var model = ModelRegistry.Create("2c2d", classes: 10, inputChannels: 1, seed: 5, imageSize: 28);
        var p = model.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        var dense = p["dense1.weight"];
        // A normal truncated at ±2σ has std 0.8796σ.
        Assert.Equal(0.05 * 0.8796, dense.std().item<float>(), 3);
        Assert.True(dense.abs().max().item<float>() <= 0.1 + 1e-6, "a weight lies beyond two standard deviations");
        Assert.True(p["conv1.bias"].eq(0.05f).all().item<bool>());
        Assert.True(p["dense2.bias"].eq(0.05f).all().item<bool>());
    }

    [Fact]
    public void The_mlp_starts_at_std_0_03_truncated_and_zero_biases_the_logreg_at_zero()
    {
        using var mlp = ModelRegistry.Create("mlp", classes: 10, inputChannels: 1, seed: 6, imageSize: 28);
        var p = mlp.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.Equal(0.03 * 0.8796, p["dense1.weight"].std().item<float>(), 3);
        Assert.True(p["dense1.weight"].abs().max().item<float>() <= 0.06 + 1e-6);
        Assert.True(p["dense4.bias"].eq(0).all().item<bool>());
        using var logreg = ModelRegistry.Create("logreg", classes: 10, inputChannels: 1, seed: 6, imageSize: 28);
        Assert.All(logreg.parameters(), w => Assert.True(w.eq(0).all().item<bool>()));
    }

    [Fact]
    public void The_3c3d_convolutions_are_xavier_normal_its_dense_layers_xavier_uniform()
    {
        using var model = ModelRegistry.Create("3c3d", classes: 10, inputChannels: 3, seed: 7, imageSize: 32);
        var p = model.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        // conv2 96×64×3×3: fan-in 576, fan-out 864; dense1 512×1152: bound √(6 / 1664)
        Assert.Equal(Math.Sqrt(2.0 / (576 + 864)), p["conv2.weight"].std().item<float>(), 3);
        double bound = Math.Sqrt(6.0 / (1152 + 512));
        Assert.InRange(p["dense1.weight"].abs().max().item<float>(), bound * 0.99, bound);
        Assert.Equal(bound / Math.Sqrt(3), p["dense1.weight"].std().item<float>(), 3);
        Assert.True(p["conv1.bias"].eq(0).all().item<bool>());
    }

    [Fact]
    public void The_seed_alone_decides_a_DeepOBS_network_s_start()
    {
        random.manual_seed(1);
        using var a = ModelRegistry.Create("2c2d", 10, 1, seed: 42, imageSize: 28);
        random.manual_seed(2);
        using var b = ModelRegistry.Create("2c2d", 10, 1, seed: 42, imageSize: 28);
        using var c = ModelRegistry.Create("2c2d", 10, 1, seed: 43, imageSize: 28);
        foreach (var ((pa, pb), pc) in a.parameters().Zip(b.parameters()).Zip(c.parameters()))
        {
            Assert.True(pa.eq(pb).all().item<bool>());
            if (pa.dim() >= 2) Assert.False(pa.eq(pc).all().item<bool>());
        }
    }
}
