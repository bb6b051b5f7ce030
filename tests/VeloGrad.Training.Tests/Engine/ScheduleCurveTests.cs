using static TorchSharp.torch.optim;

namespace VeloGrad.Training.Tests.Engine;

/// <summary>The schedules as pure functions of the step, held to TorchSharp's own schedulers where it has them.</summary>
public class ScheduleCurveTests
{
    private const double Rate = 0.1;

    /// <summary>The learning rate and momentum TorchSharp's scheduler sets before each of <paramref name="steps"/> steps.</summary>
    private static (double Rate, double Beta1)[] Driven(Func<Optimizer, lr_scheduler.LRScheduler> schedule, int steps)
    {
        using var parameter = new TorchSharp.Modules.Parameter(TorchSharp.torch.zeros(3));
        using var optimizer = Adam([parameter], lr: Rate);
        var scheduler = schedule(optimizer);
        var seen = new List<(double, double)>();
        for (int i = 0; i < steps; i++)
        {
            var group = optimizer.ParamGroups.First();
            seen.Add((group.LearningRate, ((IBetas)group).Betas.Item1));
            optimizer.step();
            scheduler.step();
        }
        return [.. seen];
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(40, 0)]
    [InlineData(40, 10)]
    public void Onecycle_is_PyTorchs_OneCycleLR_with_its_momentum_cycle(int total, int warmup)
    {
        double rise = warmup > 0 ? (double)warmup / total : ScheduleCurve.OneCycleDefaultRise;
        var expected = Driven(o => lr_scheduler.OneCycleLR(o, max_lr: Rate, total_steps: total, pct_start: rise,
            cycle_momentum: true, base_momentum: ScheduleCurve.BaseMomentum, max_momentum: ScheduleCurve.MaxMomentum), total);
        var curve = new ScheduleCurve(LearningRateSchedule.OneCycle, total, warmup);
        for (int s = 0; s < total; s++)
        {
            Assert.Equal(expected[s].Rate, Rate * curve.Factor(s), 12);
            Assert.Equal(expected[s].Beta1, curve.Momentum(s)!.Value, 12);
        }
    }

    [Fact]
    public void Cosine_is_CosineAnnealingLR_after_a_linear_warm_up()
    {
        const int total = 30, warmup = 6;
        var expected = Driven(o => lr_scheduler.CosineAnnealingLR(o, T_max: total - warmup, eta_min: 0), total - warmup);
        var curve = new ScheduleCurve(LearningRateSchedule.Cosine, total, warmup);
        for (int s = 0; s < warmup; s++) Assert.Equal((s + 1.0) / warmup, curve.Factor(s), 15);
        for (int s = warmup; s < total; s++) Assert.Equal(expected[s - warmup].Rate, Rate * curve.Factor(s), 12);
        Assert.Null(curve.Momentum(3));
    }

    [Fact]
    public void Step_divides_by_ten_at_half_and_three_quarters()
    {
        var curve = new ScheduleCurve(LearningRateSchedule.Step, 40, 0);
        Assert.Equal(1, curve.Factor(19));
        Assert.Equal(0.1, curve.Factor(20), 15);
        Assert.Equal(0.1, curve.Factor(29), 15);
        Assert.Equal(0.01, curve.Factor(30), 15);
    }

    [Fact]
    public void Constant_without_warm_up_changes_nothing()
    {
        Assert.False(new ScheduleCurve(LearningRateSchedule.Constant, 40, 0).IsActive);
        var warm = new ScheduleCurve(LearningRateSchedule.Constant, 40, 4);
        Assert.True(warm.IsActive);
        Assert.Equal([0.25, 0.5, 0.75, 1, 1], Enumerable.Range(0, 5).Select(s => warm.Factor(s)));
    }
}
