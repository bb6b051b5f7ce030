using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Execution;
using static TorchSharp.torch;

namespace VeloGrad.MixedPrecision;

/// <summary>
/// Dynamic loss scaling with PyTorch GradScaler's semantics, for float16 mixed precision: the loss is multiplied
/// by the scale before backward, so small gradients survive float16's range; before the step the gradients are
/// unscaled and checked; a step with an inf/NaN gradient is skipped and the scale backs off; after
/// <see cref="GrowthInterval"/> good steps in a row the scale grows. Disabled (float32 or bfloat16), it passes
/// everything through.
/// </summary>
/// <example>
/// <code>
/// using var scaler = new GradScaler(enabled: true);
/// scaler.ScaleLoss(loss).backward();
/// scaler.Step(optimizer);   // unscale, skip on inf/NaN, step, update the scale
/// </code>
/// </example>
public sealed class GradScaler : IDisposable
{
    /// <summary>Per device: the found-inf flag and 1/scale, kept between steps (made again only when the scale
    /// changes), so that a step sends nothing to the device.</summary>
    private readonly Dictionary<(DeviceType, int), (Tensor FoundInf, Tensor InverseScale, double ForScale)> _deviceState = [];

    /// <summary>PyTorch's initial scale, 2^16.</summary>
    public const double DefaultInitialScale = 65536.0;

    /// <summary>A scaler with PyTorch's defaults: initial scale 2^16, ×2 after 2,000 finite steps, ×0.5 on inf/NaN.</summary>
    public GradScaler(bool enabled, double initialScale = DefaultInitialScale, double growthFactor = 2.0, double backoffFactor = 0.5, int growthInterval = 2000)
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

    /// <summary>Whether the scaler scales; disabled, <see cref="Step(optim.Optimizer)"/> is a plain step.</summary>
    public bool Enabled { get; }

    /// <summary>The factor the loss is multiplied by.</summary>
    public double Scale { get; private set; }

    /// <summary>Multiplies the scale after <see cref="GrowthInterval"/> good steps.</summary>
    public double GrowthFactor { get; }

    /// <summary>Multiplies the scale after a step with an inf/NaN gradient.</summary>
    public double BackoffFactor { get; }

    /// <summary>Good steps in a row before the scale grows.</summary>
    public int GrowthInterval { get; }

    /// <summary>Good steps since the last growth or backoff.</summary>
    public int GrowthTracker { get; private set; }

    /// <summary>Steps skipped because of inf/NaN gradients.</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>The loss to call backward on.</summary>
    public Tensor ScaleLoss(Tensor loss) => Enabled ? loss * Scale : loss;

    /// <summary>
    /// Unscales the gradients of the optimizer's parameters in place and steps unless one of them is inf/NaN;
    /// then updates the scale. Returns whether the step was taken.
    /// </summary>
    public bool Step(optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Step(optimizer, optimizer.parameters().ToList());
    }

    /// <summary>As <see cref="Step(optim.Optimizer)"/>, with the parameters whose gradients to unscale and check given.</summary>
    public bool Step(optim.Optimizer optimizer, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Enabled)
        {
            optimizer.step();
            return true;
        }
        bool finite = UnscaleAndCheck(parameters);
        if (finite)
        {
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

    /// <summary>Unscales every gradient in place and tells whether all are finite: one multi-tensor kernel per
    /// device (libtorch's <c>_amp_foreach_non_finite_check_and_unscale_</c>, as PyTorch's GradScaler) and one read
    /// of its flag, the step's only read-back.</summary>
    private bool UnscaleAndCheck(IReadOnlyList<Parameter> parameters)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        bool finite = true;
        foreach (var onDevice in parameters.Select(p => p.grad).OfType<Tensor>().GroupBy(g => (g.device_type, g.device_index)))
        {
            var grads = onDevice.ToArray();
            if (!_deviceState.TryGetValue(onDevice.Key, out var state) || state.ForScale != Scale)
            {
                if (state.FoundInf is not null) { state.FoundInf.Dispose(); state.InverseScale.Dispose(); }
                state = (zeros(1, device: grads[0].device).DetachFromDisposeScope(),
                    full(1, 1.0 / Scale, dtype: ScalarType.Float32, device: grads[0].device).DetachFromDisposeScope(), Scale);
                _deviceState[onDevice.Key] = state;
            }
            state.FoundInf.zero_();
            foreach (var sameType in grads.GroupBy(g => g.dtype)) // the kernel takes one dtype a call, as PyTorch groups them
                TorchScriptKernels.Of("amp").Call("unscale_and_check", sameType.ToArray(), state.FoundInf, state.InverseScale);
            finite &= state.FoundInf.item<float>() == 0;
        }
        return finite;
    }

    /// <summary>Releases the device tensors kept between steps.</summary>
    public void Dispose()
    {
        foreach (var (foundInf, inverseScale, _) in _deviceState.Values)
        {
            foundInf.Dispose();
            inverseScale.Dispose();
        }
        _deviceState.Clear();
    }

    /// <summary>What a checkpoint keeps of the scaler.</summary>
    public GradScalerState Save() => new(Scale, GrowthTracker, SkippedSteps);

    /// <summary>Continues from a saved state.</summary>
    public void Restore(GradScalerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!(state.Scale > 0) || state.GrowthTracker < 0 || state.SkippedSteps < 0)
            throw new ArgumentException($"Not a loss-scaler state: scale {state.Scale}, growth tracker {state.GrowthTracker}, skipped steps {state.SkippedSteps}.", nameof(state));
        Scale = state.Scale;
        GrowthTracker = state.GrowthTracker;
        SkippedSteps = state.SkippedSteps;
    }
}

/// <summary>What a checkpoint keeps of a <see cref="GradScaler"/>.</summary>
/// <param name="Scale">The current scale.</param>
/// <param name="GrowthTracker">Good steps since the last growth or backoff.</param>
/// <param name="SkippedSteps">Steps skipped so far.</param>
public sealed record GradScalerState(double Scale, int GrowthTracker, long SkippedSteps);
