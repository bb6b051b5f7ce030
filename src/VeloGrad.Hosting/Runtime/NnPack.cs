using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace VeloGrad.Runtime;

/// <summary>
/// libtorch's NNPACK switch, PyTorch's <c>torch.backends.nnpack.set_flags</c>. Before some CPU convolutions libtorch
/// asks NNPACK whether it can run; on an x86-64 CPU without AVX2 and FMA it cannot initialise, and libtorch logs
/// "Could not initialize NNPACK! Reason: Unsupported hardware." at each such call, once a batch, burying the progress
/// bar. libtorch reads its user switch before asking NNPACK, so switching it off there silences the warning and
/// changes nothing else (NNPACK could not have run). TorchSharp does not bind the switch: it is reached here through
/// libtorch's exported C++ symbols (Itanium ABI: Linux and macOS), and is a no-op where they are not found.
/// </summary>
public static class NnPack
{
    private const string GlobalContext = "_ZN2at13globalContextEv";
    private const string SetEnabled = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private const string GetEnabled = "_ZNK2at7Context17userEnabledNNPACKEv";

    /// <summary>Whether this CPU can run NNPACK: x86-64 needs AVX2 and FMA (NNPACK's own requirement); other
    /// architectures are left to libtorch.</summary>
    public static bool HardwareSupported =>
        RuntimeInformation.ProcessArchitecture != Architecture.X64 || (Avx2.IsSupported && Fma.IsSupported);

    /// <summary>libtorch's switch, or null where it cannot be reached.</summary>
    public static unsafe bool? Enabled
    {
        get => Context() is var (context, library) && NativeLibrary.TryGetExport(library, GetEnabled, out var get)
            ? ((delegate* unmanaged<IntPtr, byte>)get)(context) != 0 : null;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (Context() is var (context, library) && NativeLibrary.TryGetExport(library, SetEnabled, out var set))
                ((delegate* unmanaged<IntPtr, byte, void>)set)(context, value.Value ? (byte)1 : (byte)0);
        }
    }

    /// <summary>Switches NNPACK off where it cannot run, so that libtorch stops asking (and warning) at every
    /// convolution; returns whether it did.</summary>
    public static bool DisableWhereUnsupported()
    {
        if (HardwareSupported || Enabled != true) return false;
        Enabled = false;
        return Enabled == false;
    }

    private static unsafe (IntPtr Context, IntPtr Library)? Context()
    {
        if (OperatingSystem.IsWindows()) return null; // MSVC names its symbols otherwise
        _ = TorchSharp.torch.get_num_threads(); // libtorch is loaded by TorchSharp's first call
        if (LibTorch.LoadedLibrary("torch_cpu") is not { } path || !NativeLibrary.TryLoad(path, out var library)) return null;
        if (!NativeLibrary.TryGetExport(library, GlobalContext, out var globalContext)) return null;
        return (((delegate* unmanaged<IntPtr>)globalContext)(), library);
    }
}
