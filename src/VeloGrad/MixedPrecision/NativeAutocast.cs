using TorchSharp;
using System.Reflection;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace VeloGrad.MixedPrecision;

/// <summary>
/// libtorch's own autocast (<c>at::autocast</c>, the dispatcher's Autocast keys that PyTorch's
/// <c>torch.autocast</c> switches), which TorchSharp does not bind. Its functions take and return only
/// one-byte enums and bools, so they are called directly through their exported C++ names. The state is
/// thread-local, as in PyTorch.
/// </summary>
internal static unsafe class NativeAutocast
{
    private static readonly Lazy<Entries> Functions = new(Bind, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool IsEnabled(DeviceType device) => Functions.Value.IsEnabled((sbyte)device) != 0;
    public static void SetEnabled(DeviceType device, bool enabled) => Functions.Value.SetEnabled((sbyte)device, enabled ? (byte)1 : (byte)0);
    public static ScalarType GetDtype(DeviceType device) => (ScalarType)Functions.Value.GetDtype((sbyte)device);
    public static void SetDtype(DeviceType device, ScalarType dtype) => Functions.Value.SetDtype((sbyte)device, (sbyte)dtype);
    public static bool IsCacheEnabled() => Functions.Value.IsCacheEnabled() != 0;
    public static void SetCacheEnabled(bool enabled) => Functions.Value.SetCacheEnabled(enabled ? (byte)1 : (byte)0);
    public static int IncrementNesting() => Functions.Value.IncrementNesting();
    public static int DecrementNesting() => Functions.Value.DecrementNesting();
    public static void ClearCache() => Functions.Value.ClearCache();

    private sealed class Entries
    {
        public required delegate* unmanaged<sbyte, byte> IsEnabled;
        public required delegate* unmanaged<sbyte, byte, void> SetEnabled;
        public required delegate* unmanaged<sbyte, sbyte> GetDtype;
        public required delegate* unmanaged<sbyte, sbyte, void> SetDtype;
        public required delegate* unmanaged<byte> IsCacheEnabled;
        public required delegate* unmanaged<byte, void> SetCacheEnabled;
        public required delegate* unmanaged<int> IncrementNesting;
        public required delegate* unmanaged<int> DecrementNesting;
        public required delegate* unmanaged<void> ClearCache;
    }

    private static Entries Bind()
    {
        // Loading TorchSharp's natives first means the library found below is the one its operators run in:
        // the autocast switches are thread-local state inside that library.
        InitializeDeviceType(DeviceType.CPU);
        IntPtr library = LoadTorchCpu();
        return new Entries
        {
            IsEnabled = (delegate* unmanaged<sbyte, byte>)Export(library, "_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE", "?is_autocast_enabled@autocast@at@@YA_NW4DeviceType@c10@@@Z"),
            SetEnabled = (delegate* unmanaged<sbyte, byte, void>)Export(library, "_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb", "?set_autocast_enabled@autocast@at@@YAXW4DeviceType@c10@@_N@Z"),
            GetDtype = (delegate* unmanaged<sbyte, sbyte>)Export(library, "_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE", "?get_autocast_dtype@autocast@at@@YA?AW4ScalarType@c10@@W4DeviceType@4@@Z"),
            SetDtype = (delegate* unmanaged<sbyte, sbyte, void>)Export(library, "_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE", "?set_autocast_dtype@autocast@at@@YAXW4DeviceType@c10@@W4ScalarType@3@@Z"),
            IsCacheEnabled = (delegate* unmanaged<byte>)Export(library, "_ZN2at8autocast25is_autocast_cache_enabledEv", "?is_autocast_cache_enabled@autocast@at@@YA_NXZ"),
            SetCacheEnabled = (delegate* unmanaged<byte, void>)Export(library, "_ZN2at8autocast26set_autocast_cache_enabledEb", "?set_autocast_cache_enabled@autocast@at@@YAX_N@Z"),
            IncrementNesting = (delegate* unmanaged<int>)Export(library, "_ZN2at8autocast17increment_nestingEv", "?increment_nesting@autocast@at@@YAHXZ"),
            DecrementNesting = (delegate* unmanaged<int>)Export(library, "_ZN2at8autocast17decrement_nestingEv", "?decrement_nesting@autocast@at@@YAHXZ"),
            ClearCache = (delegate* unmanaged<void>)Export(library, "_ZN2at8autocast11clear_cacheEv", "?clear_cache@autocast@at@@YAXXZ"),
        };
    }

    private static IntPtr LoadTorchCpu()
    {
        // The same resolution as a [DllImport("torch_cpu")] in TorchSharp's own assembly: its runtimes folder first.
        var torchSharp = typeof(TorchSharp.torch).Assembly;
        foreach (string name in new[] { "torch_cpu", "libtorch_cpu.so", "libtorch_cpu.dylib" })
        {
            if (NativeLibrary.TryLoad(name, torchSharp, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories, out IntPtr handle))
                return handle;
            if (NativeLibrary.TryLoad(name, Assembly.GetExecutingAssembly(), null, out handle))
                return handle;
        }
        throw new DllNotFoundException("libtorch's torch_cpu library could not be loaded: autocast needs TorchSharp's natives (TorchSharp-cpu or a TorchSharp-cuda package).");
    }

    private static IntPtr Export(IntPtr library, string itaniumName, string msvcName)
    {
        string name = OperatingSystem.IsWindows() ? msvcName : itaniumName;
        if (NativeLibrary.TryGetExport(library, name, out IntPtr address)) return address;
        throw new EntryPointNotFoundException($"This libtorch does not export '{name}': mixed precision needs libtorch ≥ 2.4 (TorchSharp ≥ 0.103).");
    }
}
