namespace VeloGrad.Runtime;

/// <summary>
/// What the first training of a process checks and sets, once, when libtorch is about to be used: a libtorch other than
/// the one TorchSharp was built for, an allocator that fragments in a program that did not call
/// <see cref="ProcessStartup.Run"/>, and NNPACK turned off on a CPU it cannot run on (else libtorch warns at every
/// convolution). Later trainings of the process find it done.
/// </summary>
public static class TorchReady
{
    private static int _done;

    /// <param name="warn">Told each warning, in words.</param>
    public static void Once(Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        if (Interlocked.Exchange(ref _done, 1) != 0) return;
        foreach (var warning in Warnings()) warn(warning);
        NnPack.DisableWhereUnsupported();
    }

    /// <summary>What the first training is warned of here.</summary>
    internal static IEnumerable<string> Warnings()
    {
        if (LibTorch.VersionWarning() is { } version) yield return $"warning: {version}";
        if (!NativeAllocator.Initialized && NativeAllocator.AdviceWithoutInitialize(NativeAllocator.Current) is { } advice) yield return $"warning: {advice}";
    }
}
