using System.Globalization;

namespace VeloGrad.Training.Engine;

/// <summary>The process's peak resident memory, as Linux counts it (VmHWM in /proc/self/status), resettable per epoch.</summary>
internal static class ResidentMemory
{
    /// <summary>Starts a new peak from the current resident size (Linux 4.0+: "5" to /proc/self/clear_refs); a no-op elsewhere.</summary>
    public static void ResetPeak()
    {
        try
        {
            if (OperatingSystem.IsLinux()) File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An older kernel or a restricted /proc: the peak then counts from the process's start.
        }
    }

    /// <summary>The peak since the last reset in MB, or null where the system does not say.</summary>
    public static double? PeakMegabytes()
    {
        try
        {
            if (!OperatingSystem.IsLinux()) return null;
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is null) return null;
            string kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
            return Math.Round(long.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024.0, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
