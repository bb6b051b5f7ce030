using System.Text.Json.Serialization;

namespace VeloGrad.Runs;

/// <summary>How the learning rate moves over a run, the same for every optimizer of an experiment.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LearningRateSchedule>))]
public enum LearningRateSchedule
{
    /// <summary>The optimizer's rate throughout (the reference).</summary>
    [JsonStringEnumMemberName("constant")] Constant,
    /// <summary>Cosine annealing to zero at the last step (PyTorch's CosineAnnealingLR with T_max = the steps after warm-up).</summary>
    [JsonStringEnumMemberName("cosine")] Cosine,
    /// <summary>PyTorch's OneCycleLR: up from rate/25 to the rate, then down to rate/25/10⁴, both by cosine, with β₁ (or
    /// SGD's momentum) cycled 0.95 → 0.85 → 0.95.</summary>
    [JsonStringEnumMemberName("onecycle")] OneCycle,
    /// <summary>×0.1 at half and again at three quarters of the steps after warm-up (MultiStepLR).</summary>
    [JsonStringEnumMemberName("step")] Step,
}

/// <summary>
/// The learning-rate factor and the cycled momentum at every optimizer step of a run: a pure function of the step's
/// index, so that a resumed run sets exactly what an uninterrupted one would (nothing to checkpoint). Warm-up raises
/// the rate linearly over its steps before the schedule starts; for onecycle, the warm-up is the rising phase
/// (PyTorch's pct_start = warm-up / total; 0.3 without one).
/// </summary>
public sealed record ScheduleCurve(LearningRateSchedule Schedule, long TotalSteps, long WarmupSteps)
{
    public const double OneCycleDivFactor = 25, OneCycleFinalDivFactor = 1e4, OneCycleDefaultRise = 0.3;
    public const double MaxMomentum = 0.95, BaseMomentum = 0.85;
    public const double StepDecay = 0.1;

    /// <summary>Whether it changes anything: a constant schedule without warm-up leaves the optimizer alone.</summary>
    public bool IsActive => Schedule != LearningRateSchedule.Constant || WarmupSteps > 0;

    /// <summary>The curve of <paramref name="config"/>'s schedule for runs of <paramref name="stepsPerEpoch"/> optimizer steps an epoch.</summary>
    public static ScheduleCurve Of(TrainingConfig config, long stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ScheduleCurve(config.Schedule, config.Epochs * stepsPerEpoch, config.WarmupEpochs * stepsPerEpoch);
    }

    /// <summary>The factor on the optimizer's own rate at step <paramref name="step"/> (0-based).</summary>
    public double Factor(long step)
    {
        if (Schedule == LearningRateSchedule.OneCycle) return OneCycle(step).Factor;
        if (step < WarmupSteps) return (step + 1.0) / WarmupSteps;
        long after = TotalSteps - WarmupSteps, t = step - WarmupSteps;
        return Schedule switch
        {
            LearningRateSchedule.Constant => 1,
            LearningRateSchedule.Cosine => (1 + Math.Cos(Math.PI * Math.Min(t, after) / after)) / 2,
            LearningRateSchedule.Step => t >= after * 3 / 4 ? StepDecay * StepDecay : t >= after / 2 ? StepDecay : 1,
            _ => throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule, null),
        };
    }

    /// <summary>β₁ (or SGD's momentum) at step <paramref name="step"/> when the schedule cycles it, else null.</summary>
    public double? Momentum(long step) => Schedule == LearningRateSchedule.OneCycle ? OneCycle(step).Momentum : null;

    /// <summary>PyTorch's OneCycleLR (two phases, cosine annealing), its step counted from 0.</summary>
    private (double Factor, double Momentum) OneCycle(long step)
    {
        double initial = 1 / OneCycleDivFactor, minimum = initial / OneCycleFinalDivFactor;
        double rise = WarmupSteps > 0 ? (double)WarmupSteps / TotalSteps : OneCycleDefaultRise;
        double peakStep = rise * TotalSteps - 1, lastStep = TotalSteps - 1;
        static double Anneal(double start, double end, double pct) => end + (start - end) / 2 * (Math.Cos(Math.PI * pct) + 1);
        if (step <= peakStep)
        {
            double pct = peakStep <= 0 ? 1 : step / peakStep;
            return (Anneal(initial, 1, pct), Anneal(MaxMomentum, BaseMomentum, pct));
        }
        double down = Math.Min(1, (step - peakStep) / (lastStep - peakStep));
        return (Anneal(1, minimum, down), Anneal(BaseMomentum, MaxMomentum, down));
    }
}
