using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.MixedPrecision;

/// <summary>
/// PyTorch's <c>torch.autocast</c> for TorchSharp: inside the scope, libtorch's dispatcher runs convolutions,
/// linear layers and matrix products in a half type (casting float32 weights and inputs on the fly, weights
/// cached for the scope), runs precision-sensitive operations (softmax, norms, losses) in float32, and leaves
/// everything else in the type it gets. Parameters, their gradients and the optimizer's state stay float32;
/// batch-norm keeps float32 statistics. Works for any model, since it acts below the modules.
/// </summary>
/// <example>
/// <code>
/// using (Autocast.Enable(DeviceType.CPU, ScalarType.BFloat16))
///     output = model.call(input);
/// var loss = nn.functional.cross_entropy(output.to(ScalarType.Float32), target);
/// </code>
/// </example>
/// <remarks>
/// The switch is thread-local, as in PyTorch: a scope covers the forward passes its own thread runs, and is
/// disposed on that thread. Backward needs no scope: it runs in the types the forward recorded. Leaving the
/// outermost scope drops the cached half copies of the weights, so the next scope sees the optimizer's updates.
/// </remarks>
public static class Autocast
{
    /// <summary>Turns autocast on for <paramref name="deviceType"/> in <paramref name="halfType"/> until the scope is disposed.</summary>
    /// <exception cref="ArgumentException">The device has no autocast, or the type is not a half type.</exception>
    public static AutocastScope Enable(DeviceType deviceType, ScalarType halfType)
    {
        if (deviceType is not (DeviceType.CPU or DeviceType.CUDA))
            throw new ArgumentException($"Autocast runs on CPU and CUDA tensors, not on {deviceType}.", nameof(deviceType));
        if (halfType is not (ScalarType.BFloat16 or ScalarType.Float16))
            throw new ArgumentException($"Autocast computes in bfloat16 or float16, not in {halfType}.", nameof(halfType));
        return new AutocastScope(deviceType, halfType);
    }

    /// <summary>Whether autocast is on for <paramref name="deviceType"/> on this thread.</summary>
    public static bool IsEnabled(DeviceType deviceType) => NativeAutocast.IsEnabled(deviceType);

    /// <summary>The half type autocast uses for <paramref name="deviceType"/> on this thread when on.</summary>
    public static ScalarType HalfType(DeviceType deviceType) => NativeAutocast.GetDtype(deviceType);
}

/// <summary>An active autocast region: disposing it restores what was there before (scopes nest).</summary>
public sealed class AutocastScope : IDisposable
{
    private readonly DeviceType _device;
    private readonly bool _previousEnabled;
    private readonly ScalarType _previousType;
    private readonly bool _previousCacheEnabled;
    private readonly int _thread = Environment.CurrentManagedThreadId;
    private bool _disposed;

    internal AutocastScope(DeviceType device, ScalarType halfType)
    {
        _device = device;
        _previousEnabled = NativeAutocast.IsEnabled(device);
        _previousType = NativeAutocast.GetDtype(device);
        _previousCacheEnabled = NativeAutocast.IsCacheEnabled();
        NativeAutocast.SetEnabled(device, true);
        NativeAutocast.SetDtype(device, halfType);
        NativeAutocast.IncrementNesting();
        NativeAutocast.SetCacheEnabled(true);
    }

    /// <summary>Restores the autocast state from before the scope; the outermost scope also drops the cached half weights.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (Environment.CurrentManagedThreadId != _thread)
            throw new InvalidOperationException("An autocast scope must be disposed on the thread that opened it: autocast is thread-local.");
        _disposed = true;
        if (NativeAutocast.DecrementNesting() == 0) NativeAutocast.ClearCache();
        NativeAutocast.SetEnabled(_device, _previousEnabled);
        NativeAutocast.SetDtype(_device, _previousType);
        NativeAutocast.SetCacheEnabled(_previousCacheEnabled);
    }
}
