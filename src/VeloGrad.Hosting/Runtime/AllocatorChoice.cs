namespace VeloGrad.Runtime;

/// <summary>
/// The allocator serving a process: its name, its library (or glibc's setting that matters), whether it is known to
/// fragment under libtorch (glibc before 2.38 with its dynamic mmap threshold), and what went wrong choosing it.
/// </summary>
public sealed record AllocatorChoice(string Name, string? Detail, bool Fragments, string? Note)
{
    /// <summary>One line, as <c>velograd info</c> and a run's environment record it.</summary>
    public override string ToString() => Detail is null ? Name : $"{Name} ({Detail})";

    /// <summary>The replacement library's path, when one serves.</summary>
    public string? Library { get; init; }
}

/// <summary>
/// What <see cref="NativeAllocator.Decide"/> says a starting process should do: re-execute with <paramref name="Preload"/>
/// preloaded (when it is not null), hold glibc's mmap threshold (where the preload is absent or fails), and what to tell the user.
/// </summary>
public sealed record AllocatorAction(string? Preload, bool HoldThreshold, string? Note);
