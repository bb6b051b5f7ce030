using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>The address of a tensor's first element on any device (TorchSharp's <c>bytes</c> is CPU-only), read from
/// the tensor's metadata: no copy, no wait for the device. Tells whether a tensor is still a view of a flat buffer.</summary>
internal static unsafe class TensorAddress
{
    private static readonly Lazy<nint> DataFunction = new(() =>
    {
        InitializeDeviceType(TorchSharp.DeviceType.CPU);
        var torchSharp = typeof(TorchSharp.torch).Assembly;
        foreach (string name in new[] { "LibTorchSharp", "libLibTorchSharp.so", "libLibTorchSharp.dylib" })
            if (NativeLibrary.TryLoad(name, torchSharp, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories, out nint library)
                && NativeLibrary.TryGetExport(library, "THSTensor_data", out nint function))
                return function;
        throw new DllNotFoundException("TorchSharp's native bridge (LibTorchSharp) was not found.");
    });

    public static nint Of(Tensor tensor) => ((delegate* unmanaged<nint, nint>)DataFunction.Value)(tensor.Handle);

    /// <summary>Whether <paramref name="tensor"/> starts <paramref name="offset"/> elements into <paramref name="flat"/>.</summary>
    public static bool IsAt(Tensor? tensor, Tensor flat, long offset) =>
        tensor is not null && Of(tensor) == Of(flat) + (nint)(offset * flat.ElementSize);
}
