using TorchSharp;
using VeloGrad.MixedPrecision;
using static TorchSharp.torch;

namespace VeloGrad.Tests.MixedPrecision;

public class AutocastTests
{
    [Theory]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float16)]
    public void Linear_layers_compute_in_the_half_type_while_parameters_and_gradients_stay_float32(ScalarType half)
    {
        using var linear = nn.Linear(8, 4);
        using var x = randn(2, 8);
        Tensor output;
        using (Autocast.Enable(DeviceType.CPU, half))
        {
            Assert.True(Autocast.IsEnabled(DeviceType.CPU));
            Assert.Equal(half, Autocast.HalfType(DeviceType.CPU));
            output = linear.call(x);
        }
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
        Assert.Equal(half, output.dtype);
        output.to(ScalarType.Float32).sum().backward();
        Assert.All(linear.parameters(), p =>
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.Equal(ScalarType.Float32, p.grad!.dtype);
        });
        using var plain = linear.call(x);
        Assert.Equal(ScalarType.Float32, plain.dtype);
    }

    [Fact]
    public void The_half_result_matches_float32_to_half_precision()
    {
        // 16 output channels: libtorch 2.10's CPU bfloat16 convolution in NCHW layout is wrong for output channel
        // counts that are not multiples of 16 on this machine (README, "Mixed precision").
        using var conv = nn.Conv2d(3, 16, 3, padding: 1);
        using var x = randn(2, 3, 8, 8);
        using var reference = conv.call(x);
        using var scope = Autocast.Enable(DeviceType.CPU, ScalarType.BFloat16);
        using var half = conv.call(x);
        Assert.Equal(ScalarType.BFloat16, half.dtype);
        double error = (half.to(ScalarType.Float32) - reference).abs().max().item<float>();
        double size = reference.abs().max().item<float>();
        Assert.InRange(error / size, 1e-6, 2e-2);
    }

    [Fact]
    public void Batch_norm_keeps_float32_statistics_and_weights_under_autocast()
    {
        using var conv = nn.Conv2d(3, 4, 3);
        using var norm = nn.BatchNorm2d(4);
        using var x = randn(4, 3, 6, 6);
        using (Autocast.Enable(DeviceType.CPU, ScalarType.BFloat16))
            norm.call(conv.call(x)).to(ScalarType.Float32).sum().backward();
        Assert.Equal(ScalarType.Float32, norm.running_mean!.dtype);
        Assert.Equal(ScalarType.Float32, norm.running_var!.dtype);
        Assert.NotEqual(0f, norm.running_mean!.abs().sum().item<float>());
        Assert.Equal(ScalarType.Float32, norm.weight!.grad!.dtype);
    }

    [Fact]
    public void Scopes_nest_and_restore_what_was_there()
    {
        using (Autocast.Enable(DeviceType.CPU, ScalarType.BFloat16))
        {
            using (Autocast.Enable(DeviceType.CPU, ScalarType.Float16))
                Assert.Equal(ScalarType.Float16, Autocast.HalfType(DeviceType.CPU));
            Assert.True(Autocast.IsEnabled(DeviceType.CPU));
            Assert.Equal(ScalarType.BFloat16, Autocast.HalfType(DeviceType.CPU));
        }
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
    }

    [Fact]
    public void A_weight_updated_in_place_between_scopes_is_seen_by_the_next_scope()
    {
        // The half copy of a weight is cached for the scope; leaving it must drop the cache.
        using var linear = nn.Linear(4, 1, hasBias: false);
        using var x = ones(1, 4);
        float before, after;
        using (Autocast.Enable(DeviceType.CPU, ScalarType.BFloat16))
            before = linear.call(x).to(ScalarType.Float32).item<float>();
        using (no_grad()) linear.weight!.add_(1.0);
        using (Autocast.Enable(DeviceType.CPU, ScalarType.BFloat16))
            after = linear.call(x).to(ScalarType.Float32).item<float>();
        Assert.InRange(after - before, 3.9, 4.1); // 4 × the added 1, to bfloat16 precision
    }

    [Fact]
    public void Only_half_types_on_cpu_or_cuda_are_accepted()
    {
        Assert.Throws<ArgumentException>(() => Autocast.Enable(DeviceType.CPU, ScalarType.Float32));
        Assert.Throws<ArgumentException>(() => Autocast.Enable(DeviceType.META, ScalarType.BFloat16));
    }

    [Fact]
    public void A_scope_disposed_on_another_thread_is_refused()
    {
        var scope = Autocast.Enable(DeviceType.CPU, ScalarType.BFloat16);
        Exception? error = null;
        var other = new Thread(() => error = Record.Exception(scope.Dispose));
        other.Start();
        other.Join();
        Assert.IsType<InvalidOperationException>(error);
        scope.Dispose();
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
    }
}
