using TorchSharp.Modules;
using static TorchSharp.torch.optim;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>
/// Sets every parameter group's learning rate (and, for onecycle, β₁ or SGD's momentum) before each optimizer step
/// from the run's <see cref="ScheduleCurve"/> and the group's own values when the optimizer was built. Nothing
/// depends on what a previous step set, so a resumed run steps with exactly the values of an uninterrupted one.
/// </summary>
internal sealed class ScheduledHyperparameters
{
    private readonly ScheduleCurve _curve;
    private readonly List<(ILearningRateController Group, double Rate)> _groups;

    /// <summary>Reads the groups' own rates: call it before a checkpoint's state is loaded into the optimizer.</summary>
    public ScheduledHyperparameters(optim.Optimizer optimizer, ScheduleCurve curve)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        _curve = curve;
        var helper = optimizer as OptimizerHelper ?? throw new ArgumentException($"{optimizer.GetType().Name} has no parameter groups to schedule.");
        _groups = [.. helper.ParamGroups.Select(g => (g, g.LearningRate))];
        if (curve.Schedule == LearningRateSchedule.OneCycle && _groups.Any(g => g.Group is not (IBetas or IMomentum)))
            throw new ArgumentException($"The onecycle schedule cycles momentum, which {optimizer.GetType().Name} does not have.");
    }

    public bool IsActive => _curve.IsActive;

    /// <summary>Sets the values of optimizer step <paramref name="step"/> (0-based over the whole run).</summary>
    public void Apply(long step)
    {
        if (!IsActive) return;
        double factor = _curve.Factor(step);
        double? momentum = _curve.Momentum(step);
        foreach (var (group, rate) in _groups)
        {
            group.LearningRate = rate * factor;
            if (momentum is not double m) continue;
            if (group is IBetas betas) betas.Betas = (m, betas.Betas.Item2);
            else if (group is IMomentum sgd) sgd.Momentum = m;
        }
    }

    /// <summary>The first group's current rate, for the history.</summary>
    public double CurrentRate => _groups[0].Group.LearningRate;
}
