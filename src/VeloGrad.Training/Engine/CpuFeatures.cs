namespace VeloGrad.Training.Engine;

/// <summary>What this CPU computes natively, where the system says (Linux: /proc/cpuinfo's flags).</summary>
public static class CpuFeatures
{
    private static readonly Lazy<bool?> NativeBFloat16Flag = new(() =>
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/cpuinfo")) return null;
        var flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        if (flags is null) return null;
        var set = flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return set.Contains("avx512_bf16") || set.Contains("amx_bf16");
    });

    /// <summary>False when the CPU is known to lack bfloat16 arithmetic (x86: avx512_bf16 or amx_bf16): libtorch then
    /// emulates it, and a ResNet-18 trains ~30× slower in bfloat16 mixed precision than in float32 (measured on an
    /// AVX2-only AMD EPYC). True when it has it, or when the system does not say (other OSes, other architectures).</summary>
    public static bool HasNativeBFloat16 => NativeBFloat16Flag.Value ?? true;

    /// <summary>True only where the system says the CPU has bfloat16 arithmetic: what precision auto needs to choose it.</summary>
    public static bool KnownNativeBFloat16 => NativeBFloat16Flag.Value == true;
}
