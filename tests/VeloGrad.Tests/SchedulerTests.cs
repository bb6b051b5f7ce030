using VeloGrad.Tests.Support;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;
using static VeloGrad.Tests.Support.Tolerance;

namespace VeloGrad.Tests;

/// <summary>TorchSharp's LR schedulers drive the optimizer, and the step uses what they set.</summary>
public class SchedulerTests
{
    private const double BaseLearningRate = 0.02;

    [Fact]
    public void StepLR_halves_the_learning_rate_and_the_step_uses_it()
    {
        var observed = RunFollowingTheGroup(o => lr_scheduler.StepLR(o, step_size: 2, gamma: 0.5), steps: 7);
        var expected = Enumerable.Range(0, 7).Select(t => BaseLearningRate * Math.Pow(0.5, t / 2)).ToArray();
        AssertClose(expected, observed.Select(h => h.LearningRate).ToArray(), 1e-15, 0, "StepLR learning rates");
    }

    [Fact]
    public void CosineAnnealingLR_follows_its_closed_form()
    {
        const int period = 6;
        var observed = RunFollowingTheGroup(o => lr_scheduler.CosineAnnealingLR(o, T_max: period, eta_min: 0.001), steps: period);
        var expected = Enumerable.Range(0, period).Select(t => 0.001 + (BaseLearningRate - 0.001) * (1 + Math.Cos(Math.PI * t / period)) / 2).ToArray();
        AssertClose(expected, observed.Select(h => h.LearningRate).ToArray(), 1e-12, 1e-15, "cosine learning rates");
    }

    [Fact]
    public void OneCycleLR_cycles_the_learning_rate_and_beta1()
    {
        const int total = 10;
        var observed = RunFollowingTheGroup(o => lr_scheduler.OneCycleLR(o, max_lr: 0.1, total_steps: total,
            cycle_momentum: true, base_momentum: 0.85, max_momentum: 0.95), steps: total);

        Assert.Equal(0.95, observed[0].Beta1, 12);
        Assert.Equal(0.1 / 25, observed[0].LearningRate, 12);
        int peak = Array.IndexOf(observed, observed.MaxBy(h => h.LearningRate)!);
        Assert.True(peak > 0 && peak < total - 1, $"The learning rate should peak inside the cycle, peaked at step {peak}.");
        Assert.Equal(observed.Min(h => h.Beta1), observed[peak].Beta1);
        Assert.True(observed[^1].Beta1 > observed[peak].Beta1, "beta1 should climb back after the peak.");
        Assert.All(observed, h => Assert.Equal(0.99, h.Beta2));
    }

    /// <summary>Steps the optimizer under a scheduler and a scalar reference fed with the group's live
    /// hyperparameters; their trajectories must agree, which proves the step uses what the scheduler set.</summary>
    private static VeloGradOptions[] RunFollowingTheGroup(Func<VeloGradOptimizer, lr_scheduler.LRScheduler> schedule, int steps)
    {
        var values = SyntheticProblem.InitialValues(seed: 5);
        var parameters = SyntheticProblem.Parameters(values);
        using var optimizer = new VeloGradOptimizer(parameters, new VeloGradOptions { LearningRate = BaseLearningRate });
        var scheduler = schedule(optimizer);
        var reference = new ScalarReferenceVeloGrad(optimizer.Groups[0].Hyperparameters);
        var seen = new List<VeloGradOptions>();
        for (int step = 0; step < steps; step++)
        {
            var grads = SyntheticProblem.Gradients(seed: 5, step);
            var live = optimizer.Groups[0].Hyperparameters;
            seen.Add(live);
            reference.Options = live;
            optimizer.SetLoss(0.7);
            reference.SetLoss(0.7);
            SyntheticProblem.Assign(parameters, grads);
            optimizer.step();
            for (int i = 0; i < values.Length; i++)
            {
                reference.Step(values[i], grads[i]);
                AssertClose(values[i], Values(parameters[i]), 1e-12, 1e-14, $"step {step} param {i}");
            }
            scheduler.step();
        }
        return seen.ToArray();
    }
}
