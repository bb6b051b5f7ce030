using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>
/// Dynamic loss scaling with PyTorch GradScaler's semantics: the loss is multiplied by the scale before
/// backward; before the step the gradients are unscaled and checked; a step with an inf/NaN gradient is
/// skipped and the scale backs off; after <see cref="GrowthInterval"/> good steps in a row the scale grows.
/// Disabled, it passes everything through (float32 training).
/// </summary>
public sealed class LossScaler
{
    public const double DefaultInitialScale = 65536.0;

    public LossScaler(bool enabled, double initialScale = DefaultInitialScale, double growthFactor = 2.0, double backoffFactor = 0.5, int growthInterval = 2000)
    {
        if (!(initialScale > 0)) throw new ArgumentOutOfRangeException(nameof(initialScale), initialScale, "The initial scale must be > 0.");
        if (!(growthFactor > 1)) throw new ArgumentOutOfRangeException(nameof(growthFactor), growthFactor, "The growth factor must be > 1.");
        if (!(backoffFactor > 0 && backoffFactor < 1)) throw new ArgumentOutOfRangeException(nameof(backoffFactor), backoffFactor, "The backoff factor must lie in (0, 1).");
        if (growthInterval < 1) throw new ArgumentOutOfRangeException(nameof(growthInterval), growthInterval, "The growth interval must be ≥ 1.");
        Enabled = enabled;
        Scale = initialScale;
        GrowthFactor = growthFactor;
        BackoffFactor = backoffFactor;
        GrowthInterval = growthInterval;
    }

    public bool Enabled { get; }
    public double Scale { get; private set; }
    public double GrowthFactor { get; }
    public double BackoffFactor { get; }
    public int GrowthInterval { get; }

    /// <summary>Good steps since the last growth or backoff.</summary>
    public int GrowthTracker { get; private set; }

    /// <summary>Steps skipped because of inf/NaN gradients.</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>The loss to call backward on.</summary>
    public Tensor ScaleLoss(Tensor loss) => Enabled ? loss * Scale : loss;

    /// <summary>
    /// Unscales the gradients in place and steps unless one of them is inf/NaN; then updates the scale.
    /// Returns whether the step was taken.
    /// </summary>
    public bool Step(optim.Optimizer optimizer, IReadOnlyList<Parameter> parameters, Action? beforeStep = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!Enabled)
        {
            beforeStep?.Invoke();
            optimizer.step();
            return true;
        }
        bool finite;
        using (no_grad())
        using (NewDisposeScope())
        {
            var grads = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
            double inverse = 1.0 / Scale;
            foreach (var g in grads) g.mul_(inverse);
            finite = grads.Count == 0 || stack(grads.Select(g => g.isfinite().all()).ToList()).all().item<bool>();
        }
        if (finite)
        {
            beforeStep?.Invoke();
            optimizer.step();
            if (++GrowthTracker >= GrowthInterval)
            {
                Scale *= GrowthFactor;
                GrowthTracker = 0;
            }
        }
        else
        {
            Scale *= BackoffFactor;
            GrowthTracker = 0;
            SkippedSteps++;
        }
        return finite;
    }

    public LossScalerState Save() => new(Scale, GrowthTracker, SkippedSteps);

    public void Restore(LossScalerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Scale = state.Scale;
        GrowthTracker = state.GrowthTracker;
        SkippedSteps = state.SkippedSteps;
    }
}

/// <summary>What a checkpoint keeps of the loss scaler.</summary>
public sealed record LossScalerState(double Scale, int GrowthTracker, long SkippedSteps);
