namespace VeloGrad.Runtime;

/// <summary>
/// What a program that trains with libtorch does once, first, before any tensor exists: chooses its allocator (this may
/// re-execute the process with a better one preloaded) and loads an installed libtorch where
/// <see cref="LibTorch.FolderVariable"/> names one. Nothing here loads libtorch itself, so a command that never trains
/// (velograd report) runs without it; <see cref="TorchReady"/> does the rest at the first training.
/// </summary>
public static class ProcessStartup
{
    /// <summary>Runs the start-up, saying on <paramref name="warnings"/> what the user should know.</summary>
    /// <returns>null to go on; else why the program cannot, in words (a setting that cannot work).</returns>
    public static string? Run(TextWriter warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        try
        {
            var allocator = NativeAllocator.Initialize();
            if (allocator.Note is { } note) warnings.WriteLine($"warning: {note}.");
            if (allocator.Fragments)
                warnings.WriteLine($"warning: {allocator.Name}'s malloc fragments under libtorch's aligned allocations (memory can grow by gigabytes an epoch); unset {NativeAllocator.ChoiceVariable} or install libmimalloc2.0.");
            // An installed libtorch must be loaded before TorchSharp's bridge looks for one.
            LibTorch.UseConfiguredFolder();
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return e.Message;
        }
    }
}
