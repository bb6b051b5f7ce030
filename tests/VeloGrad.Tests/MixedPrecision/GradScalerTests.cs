using TorchSharp.Modules;
using VeloGrad.MixedPrecision;
using static TorchSharp.torch;

namespace VeloGrad.Tests.MixedPrecision;

public class GradScalerTests
{
    private static (Parameter P, optim.Optimizer Sgd) Setup()
    {
        var p = new Parameter(ones(3));
        return (p, optim.SGD([p], learningRate: 0.1));
    }

    [Fact]
    public void Gradients_are_unscaled_before_the_step()
    {
        var (p, sgd) = Setup();
        var scaler = new GradScaler(enabled: true, initialScale: 1024);
        var loss = (p * 2).sum();
        scaler.ScaleLoss(loss).backward();
        Assert.Equal(2048f, p.grad![0].item<float>());
        Assert.True(scaler.Step(sgd, [p]));
        Assert.Equal(2f, p.grad![0].item<float>());
        Assert.Equal(1 - 0.1f * 2, p[0].item<float>(), 6);
    }

    [Fact]
    public void An_infinite_gradient_skips_the_step_and_backs_off()
    {
        var (p, sgd) = Setup();
        var scaler = new GradScaler(enabled: true, initialScale: 1024);
        p.grad = tensor(new[] { 1f, float.PositiveInfinity, 1f });
        Assert.False(scaler.Step(sgd, [p]));
        Assert.Equal(1f, p[0].item<float>());
        Assert.Equal(512, scaler.Scale);
        Assert.Equal(1, scaler.SkippedSteps);
        p.grad = tensor(new[] { float.NaN, 0f, 0f });
        Assert.False(scaler.Step(sgd, [p]));
        Assert.Equal(256, scaler.Scale);
    }

    [Fact]
    public void The_scale_grows_after_a_run_of_good_steps()
    {
        var (p, sgd) = Setup();
        var scaler = new GradScaler(enabled: true, initialScale: 8, growthInterval: 3);
        for (int i = 0; i < 3; i++)
        {
            p.grad = ones(3);
            scaler.Step(sgd, [p]);
        }
        Assert.Equal(16, scaler.Scale);
        Assert.Equal(0, scaler.GrowthTracker);
        p.grad = full(3, float.NaN);
        scaler.Step(sgd, [p]);
        Assert.Equal((8.0, 0), (scaler.Scale, scaler.GrowthTracker));
    }

    [Fact]
    public void Disabled_it_passes_the_loss_and_steps_through()
    {
        var (p, sgd) = Setup();
        var scaler = new GradScaler(enabled: false);
        using var loss = tensor(3f);
        Assert.Same(loss, scaler.ScaleLoss(loss));
        p.grad = ones(3);
        Assert.True(scaler.Step(sgd, [p]));
        Assert.Equal(0.9f, p[0].item<float>(), 6);
    }

    [Fact]
    public void Its_state_round_trips()
    {
        var scaler = new GradScaler(enabled: true, initialScale: 4);
        var (p, sgd) = Setup();
        p.grad = ones(3);
        scaler.Step(sgd, [p]);
        var copy = new GradScaler(enabled: true);
        copy.Restore(scaler.Save());
        Assert.Equal((scaler.Scale, scaler.GrowthTracker, scaler.SkippedSteps), (copy.Scale, copy.GrowthTracker, copy.SkippedSteps));
    }
}
