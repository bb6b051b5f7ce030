using System.Runtime.InteropServices;

namespace VeloGrad.Runtime;

/// <summary>What <see cref="NativeMemoryTuning.Apply"/> did.</summary>
public enum NativeMemoryTuningOutcome
{
    /// <summary>glibc's thresholds were raised.</summary>
    Applied,
    /// <summary>The user set MALLOC_MMAP_THRESHOLD_ or MALLOC_TRIM_THRESHOLD_; their choice stands.</summary>
    LeftToEnvironment,
    /// <summary>Not glibc (another OS or C library): nothing to tune.</summary>
    NotApplicable,
    /// <summary>glibc refused a value.</summary>
    Refused,
}

/// <summary>
/// Tunes glibc's malloc for training with large tensors. By default glibc serves blocks above 128 KiB (rising
/// dynamically) with fresh mmap calls and trims freed heap memory eagerly, so every optimizer step maps, faults in
/// and unmaps the same buffers again: on one machine Adam's step on ResNet-18 took ~100 ms untuned and ~15 ms tuned;
/// on a Zen 3 EPYC 53 ms and 45 ms (VeloGrad's ~30 ms either way). It is opt-in: the velograd command applies it when
/// <see cref="OptInVariable"/> is 1. Neither it nor glibc's defaults bound the heap when layers are large: with any
/// mmap threshold that rises to 32 MiB (fixed here, or glibc's dynamic one) one epoch of DeepOBS's MLP on all of
/// Fashion-MNIST peaks at ≈ 11 GB, against ≈ 770 MB with the threshold held at 128 KiB
/// (<c>MALLOC_MMAP_THRESHOLD_=131072</c>), which in turn slows Adam's ResNet-18 step to ≈ 96 ms; the malloc benchmark
/// measures both.
/// </summary>
public static partial class NativeMemoryTuning
{
    /// <summary>Blocks up to this size come from the heap and are reused (glibc's maximum on 64-bit: 32 MiB).</summary>
    public const int MmapThresholdBytes = 32 * 1024 * 1024;

    /// <summary>Free memory at the top of the heap is returned to the system only above this size.</summary>
    public const int TrimThresholdBytes = 1024 * 1024 * 1024;

    private const int MallocOptionTrimThreshold = -1;
    private const int MallocOptionMmapThreshold = -3;

    private static readonly Lock Gate = new();
    private static NativeMemoryTuningOutcome? _outcome;

    /// <summary>VELOGRAD_MALLOC_TUNING=1: the velograd command applies the tuning (off by default; see above).</summary>
    public const string OptInVariable = "VELOGRAD_MALLOC_TUNING";

    /// <summary>The tuning when <see cref="OptInVariable"/> asks for it; null (untouched) otherwise.</summary>
    public static NativeMemoryTuningOutcome? ApplyIfAskedFor() =>
        Environment.GetEnvironmentVariable(OptInVariable) == "1" ? Apply() : null;

    /// <summary>What <see cref="Apply"/> did in this process, or null when nobody asked for it.</summary>
    public static NativeMemoryTuningOutcome? Current
    {
        get
        {
            lock (Gate) return _outcome;
        }
    }

    /// <summary>Raises glibc's mmap and trim thresholds, once per process; a no-op elsewhere.</summary>
    public static NativeMemoryTuningOutcome Apply()
    {
        lock (Gate)
        {
            _outcome ??= ApplyOnce();
            return _outcome.Value;
        }
    }

    private static NativeMemoryTuningOutcome ApplyOnce()
    {
        if (!OperatingSystem.IsLinux() || !IsGlibc()) return NativeMemoryTuningOutcome.NotApplicable;
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null)
            return NativeMemoryTuningOutcome.LeftToEnvironment;
        bool ok = mallopt(MallocOptionMmapThreshold, MmapThresholdBytes) == 1
                  & mallopt(MallocOptionTrimThreshold, TrimThresholdBytes) == 1;
        return ok ? NativeMemoryTuningOutcome.Applied : NativeMemoryTuningOutcome.Refused;
    }

    private static bool IsGlibc()
    {
        try
        {
            return gnu_get_libc_version() != IntPtr.Zero;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Gives the free memory of every malloc arena back to the system (glibc's malloc_trim): with the raised
    /// thresholds, freed blocks stay in the arenas of the threads that freed them, and a process that trains run after
    /// run (an experiment) would keep the peak of each. Cheap enough once an epoch; a no-op where <see cref="Apply"/> is.</summary>
    public static void ReturnFreeMemory()
    {
        if (Current == NativeMemoryTuningOutcome.Applied) malloc_trim(0);
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int malloc_trim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int option, int value);

    [LibraryImport("libc", EntryPoint = "gnu_get_libc_version")]
    private static partial IntPtr gnu_get_libc_version();
}
