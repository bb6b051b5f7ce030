namespace VeloGrad.Runtime;

/// <summary>The files mapped into this process, as Linux lists them in /proc/self/maps (links resolved); none elsewhere.</summary>
internal static class MappedLibraries
{
    public static IEnumerable<string> Paths()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/maps")) yield break;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0) yield return line[slash..];
        }
    }
}
