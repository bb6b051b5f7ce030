using VeloGrad.Training.Models;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Models;

public class ModelRegistryTests
{
    [Theory]
    [InlineData("resnet18", 11_181_642)]        // torchvision's resnet18(num_classes=10)
    [InlineData("resnet18-cifar", 11_173_962)]  // 3×3 stem: 64·3·9 instead of 64·3·49 weights
    [InlineData("small-cnn", 94_762)]
    [InlineData("mlp", 3_624_610)]      // 3072→1000→500→100→10 on 3×32×32 inputs (DeepOBS's 784 inputs: DeepObsModelTests)
    [InlineData("2c2d", 4_259_274)]     // 2,432 + 51,264 conv; 4096·1024 + 1024 and 1024·10 + 10 dense on 3×32×32
    [InlineData("3c3d", 895_210)]       // DeepOBS's cifar10_3c3d: 895,210
    public void Each_model_has_its_architectures_parameter_count_and_a_10_class_head(string name, long parameters)
    {
        using var model = ModelRegistry.Create(name, classes: 10);
        Assert.Equal(parameters, model.parameters().Sum(p => p.numel()));
        model.eval();
        using var _ = no_grad();
        using var output = model.call(randn(2, 3, 32, 32));
        Assert.Equal([2L, 10], output.shape);
    }

    [Theory]
    [InlineData("resnet18", ScalarType.BFloat16)]
    [InlineData("resnet18-cifar", ScalarType.BFloat16)]
    [InlineData("small-cnn", ScalarType.BFloat16)]
    [InlineData("small-cnn", ScalarType.Float16)]
    public void Each_model_computes_under_autocast_in_the_half_type_close_to_float32(string name, ScalarType half)
    {
        // Guards the models against libtorch 2.10's CPU bfloat16 NCHW convolution defect (output channels that
        // are not multiples of 16 give wrong results; README, "Mixed precision").
        using var model = ModelRegistry.Create(name, classes: 10, seed: 1);
        model.eval();
        using var _ = no_grad();
        using var x = randn(4, 3, 32, 32, generator: new Generator(2));
        using var reference = model.call(x);
        using var scope = VeloGrad.MixedPrecision.Autocast.Enable(TorchSharp.DeviceType.CPU, half);
        using var output = model.call(x);
        Assert.Equal(half, output.dtype);
        double error = (output.to(ScalarType.Float32) - reference).abs().max().item<float>() / reference.abs().max().item<float>();
        Assert.InRange(error, 1e-6, 0.05);
    }

    [Fact]
    public void ResNet18_initialises_convolutions_kaiming_normal_fan_out_and_batch_norm_to_identity()
    {
        random.manual_seed(0);
        using var model = new ResNet18(10);
        var named = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var conv = named["layer4.0.conv1.weight"]; // 512 × 256 × 3 × 3: fan-out 512·9
        Assert.Equal(Math.Sqrt(2.0 / (512 * 9)), conv.std().item<float>(), 3);
        Assert.True(named["layer1.0.bn1.weight"].eq(1).all().item<bool>());
        Assert.True(named["layer1.0.bn1.bias"].eq(0).all().item<bool>());
        Assert.Contains("fc.weight", named.Keys);
    }

    [Fact]
    public void An_unknown_model_lists_the_known_ones()
    {
        var error = Assert.Throws<InvalidSettingException>(() => ModelRegistry.Create("vgg", 10));
        Assert.Contains("resnet18, resnet18-cifar, small-cnn, logreg, mlp, 2c2d, 3c3d, vae, quadratic-deep", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resnet18-cifar")]
    [InlineData("small-cnn")]
    public void A_seed_alone_decides_the_initial_parameters_whatever_the_global_generator_does(string name)
    {
        random.manual_seed(1);
        using var a = ModelRegistry.Create(name, 10, seed: 42);
        random.manual_seed(2);
        using var b = ModelRegistry.Create(name, 10, seed: 42);
        using var c = ModelRegistry.Create(name, 10, seed: 43);
        foreach (var ((pa, pb), pc) in a.parameters().Zip(b.parameters()).Zip(c.parameters()))
        {
            Assert.True(pa.eq(pb).all().item<bool>());
            if (pa.dim() >= 2) Assert.False(pa.eq(pc).all().item<bool>());
        }
    }

    [Fact]
    public void Seeded_initialisation_keeps_the_distributions()
    {
        using var model = new SmallCnn(10);
        ModelInitialization.Apply(model, 1, ConvolutionInit.PyTorchDefault);
        var head = model.named_parameters().Single(p => p.name == "head.weight").parameter; // fan-in 128: U(±1/√128)
        Assert.InRange(head.abs().max().item<float>(), 0.05, 1 / Math.Sqrt(128));
        using var resnet = new ResNet18(10);
        ModelInitialization.Apply(resnet, 1, ConvolutionInit.KaimingNormalFanOut);
        var conv = resnet.named_parameters().Single(p => p.name == "layer4.0.conv1.weight").parameter;
        Assert.Equal(Math.Sqrt(2.0 / (512 * 9)), conv.std().item<float>(), 3);
    }
}
