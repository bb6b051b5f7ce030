using System.Collections;
using System.Globalization;
using System.Runtime.InteropServices;

namespace VeloGrad.Runtime;

/// <summary>
/// The C allocator behind libtorch's CPU tensors, chosen once when a process starts. libtorch takes every CPU buffer
/// from <c>posix_memalign(64, …)</c>, and glibc before 2.38 cannot reuse the freed blocks of such calls once small
/// allocations settle between them (glibc bug 14581; OpenCV stopped calling posix_memalign for it): one epoch of
/// DeepOBS's MLP on all of Fashion-MNIST grew glibc's heap to ≈ 11 GB with under 100 MB in use. So an entry point calls
/// <see cref="Initialize"/> first: where mimalloc is installed and not yet loaded, it
/// re-executes the process (same id, arguments and streams) with that library preloaded, PyTorch's own advice for CPU
/// training; with none installed, on an affected glibc it holds glibc's mmap threshold at 128 KiB so that large
/// blocks are mapped and unmapped: bounded, but slower. <see cref="ChoiceVariable"/> chooses otherwise.
/// </summary>
public static partial class NativeAllocator
{
    /// <summary>auto (the default), system (the C library's malloc as its own settings leave it), or a library's absolute path.</summary>
    public const string ChoiceVariable = "VELOGRAD_ALLOCATOR";

    /// <summary>The preload a re-execution added; set only for the process it starts, which removes it again.</summary>
    private const string PreloadedVariable = "VELOGRAD_ALLOCATOR_PRELOADED";

    private const string AutoChoice = "auto", SystemChoice = "system";

    /// <summary>Allocators that serve aligned blocks without fragmenting, best first (measured by the allocator benchmark),
    /// and whether auto may choose each. Only mimalloc: tcmalloc and jemalloc trust the size a sized delete gives, and
    /// TorchSharp 0.107's bridge freed TorchScript's arrays with a wrong one, which corrupted their heaps (Adam's runs
    /// crashed). The build repairs that free in its copy of the bridge (build/ElfVersionNeeds.cs), and since then both
    /// train as mimalloc does; but a bridge the repair does not recognise (another TorchSharp) would corrupt them again,
    /// where mimalloc ignores the size. VELOGRAD_ALLOCATOR may name either's path; the allocator benchmark measures them.</summary>
    public static IReadOnlyList<(string Name, string File, bool Auto)> Replacements { get; } =
    [
        ("mimalloc", "libmimalloc.so.2", true),
        ("tcmalloc", "libtcmalloc_minimal.so.4", false),
        ("tcmalloc", "libtcmalloc.so.4", false),
        ("jemalloc", "libjemalloc.so.2", false),
    ];

    /// <summary>The first glibc whose memalign reuses freed aligned blocks.</summary>
    private static readonly Version FixedGlibc = new(2, 38);

    /// <summary>glibc's mmap threshold where it is held: its own initial value.</summary>
    public const int HeldMmapThresholdBytes = 128 * 1024;

    private const int MallocOptionMmapThreshold = -3;

    private static readonly Lock Gate = new();
    private static AllocatorChoice? _chosen, _described; // what Initialize chose; what serves a process that did not call it

    /// <summary>Whether an entry point called <see cref="Initialize"/> (and so has said what it chose).</summary>
    public static bool Initialized
    {
        get
        {
            lock (Gate) return _chosen is not null;
        }
    }

    /// <summary>
    /// What a library tells a program that trains on <paramref name="allocator"/> without having called
    /// <see cref="Initialize"/>: how to stop its memory growing, where that allocator fragments under libtorch; else null.
    /// </summary>
    public static string? AdviceWithoutInitialize(AllocatorChoice allocator)
    {
        ArgumentNullException.ThrowIfNull(allocator);
        if (!allocator.Fragments) return null;
        string install = FindInstalled() is null ? "apt-get install libmimalloc2.0, then " : "";
        return $"{allocator.Name}'s malloc fragments under libtorch's aligned CPU allocations (resident memory can grow by gigabytes an epoch): {install}call VeloGrad.Runtime.NativeAllocator.Initialize() first in Main, which preloads mimalloc (or set MALLOC_MMAP_THRESHOLD_={HeldMmapThresholdBytes}).";
    }

    /// <summary>What <see cref="Initialize"/> chose, or, where no entry point called it, what serves this process.</summary>
    public static AllocatorChoice Current
    {
        get
        {
            lock (Gate) return _chosen ?? (_described ??= Describe(Mapped(null), note: null));
        }
    }

    /// <summary>
    /// Chooses the allocator; call it first in <c>Main</c>, before libtorch loads. May re-execute the process and
    /// then never returns. Throws <see cref="ArgumentException"/> for a <see cref="ChoiceVariable"/> it cannot use.
    /// </summary>
    public static AllocatorChoice Initialize()
    {
        lock (Gate)
        {
            if (_chosen is not null) return _chosen;
            string choice = Environment.GetEnvironmentVariable(ChoiceVariable) is { Length: > 0 } set ? set : AutoChoice;
            string? library = choice is AutoChoice or SystemChoice ? null : CheckedLibrary(choice);
            string? preloaded = TakePreloadMarker();
            var mapped = Mapped(library);
            if (!OperatingSystem.IsLinux()) return _chosen = Describe(mapped, note: null);
            var action = Decide(choice, mapped, preloaded, library ?? FindInstalled(), GlibcVersion(),
                Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null);
            string? note = action.Note;
            if (action.Preload is { } candidate) note = Reexecute(candidate); // returns only when the re-execution failed
            if (action.HoldThreshold)
                ThresholdHeld = mallopt(MallocOptionMmapThreshold, HeldMmapThresholdBytes) == 1;
            return _chosen = Describe(mapped, note);
        }
    }

    /// <summary>What to do, from what the process found: preload a library (re-executing), hold glibc's threshold, or nothing.</summary>
    /// <param name="choice">auto, system or a library's path (<see cref="ChoiceVariable"/>).</param>
    /// <param name="mapped">The replacement already serving this process, if any.</param>
    /// <param name="failedPreload">The library a re-execution preloaded that is not mapped now, if any.</param>
    /// <param name="candidate">The library to preload: the chosen one, or the best installed.</param>
    /// <param name="glibc">The C library's version where it is glibc.</param>
    /// <param name="thresholdSetByUser">Whether MALLOC_MMAP_THRESHOLD_ is set (then glibc's threshold is the user's).</param>
    public static AllocatorAction Decide(string choice, string? mapped, string? failedPreload, string? candidate, Version? glibc, bool thresholdSetByUser)
    {
        if (mapped is not null) return new AllocatorAction(null, HoldThreshold: false, null);
        bool hold = choice != SystemChoice && glibc is not null && glibc < FixedGlibc && !thresholdSetByUser;
        if (failedPreload is not null)
            return new AllocatorAction(null, hold, $"{failedPreload} could not be preloaded (see the loader's message above); the C library's malloc serves instead");
        if (choice == SystemChoice) return new AllocatorAction(null, HoldThreshold: false, null);
        // A preload is tried first; where there is none, or it fails, the process goes on and holds the threshold.
        return new AllocatorAction(candidate, hold, null);
    }

    /// <summary>
    /// The variables that give a program this process starts the same allocator (a baseline measured beside velograd,
    /// say): the preloaded library, or glibc's held threshold; none where the C library runs as it is.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SameAllocatorForChildren()
    {
        var current = Current;
        if (current.Library is { } library) return new Dictionary<string, string> { ["LD_PRELOAD"] = library };
        return ThresholdHeld ? new Dictionary<string, string> { ["MALLOC_MMAP_THRESHOLD_"] = HeldMmapThresholdBytes.ToString(CultureInfo.InvariantCulture) } : new Dictionary<string, string>();
    }

    /// <summary>The first replacement allocator installed in the system's library folders that auto may choose, or null.</summary>
    public static string? FindInstalled() => Installed().Where(r => r.Auto).Select(r => r.Path).FirstOrDefault();

    /// <summary>The replacement allocators installed in the system's library folders, best first, one path each, and
    /// whether auto may choose each.</summary>
    public static IEnumerable<(string Name, string Path, bool Auto)> Installed()
    {
        string multiarch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            _ => "",
        };
        string[] folders = ["/usr/lib/" + multiarch, "/lib/" + multiarch, "/usr/lib64", "/usr/local/lib", "/usr/lib"];
        foreach (var (name, file, auto) in Replacements)
            if (folders.Select(f => Path.Combine(f, file)).FirstOrDefault(File.Exists) is { } path)
                yield return (name, path, auto);
    }

    /// <summary>The running C library's version where it is glibc, or null.</summary>
    public static Version? GlibcVersion()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            string? text = Marshal.PtrToStringUTF8(gnu_get_libc_version());
            return text is not null && Version.TryParse(text, out var version) ? version : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    private static string CheckedLibrary(string choice)
    {
        string fix = $"Set {ChoiceVariable} to auto (the default: the best installed allocator), system (the C library's own), or the absolute path of an allocator library such as /usr/lib/x86_64-linux-gnu/libmimalloc.so.2.";
        if (!Path.IsPathFullyQualified(choice))
            throw new ArgumentException($"{ChoiceVariable}={choice} is neither auto, system nor an absolute path. {fix}");
        if (!File.Exists(choice))
            throw new ArgumentException($"{ChoiceVariable} names {choice}, which does not exist. {fix}");
        // Any loadable library would preload; only one that defines malloc replaces the allocator (libz.so.1 does not).
        if (ElfSymbols.DefinesAll(choice, "malloc", "free") == false)
            throw new ArgumentException($"{ChoiceVariable} names {choice}, which defines no malloc and free of its own: it is not an allocator, and glibc's would stay. {fix}");
        if (choice.IndexOfAny([' ', ':']) >= 0)
            throw new ArgumentException($"{ChoiceVariable} names {choice}, whose path has a space or colon, which LD_PRELOAD cannot carry. Link the library from a plain path.");
        return choice;
    }

    /// <summary>The marker a re-execution left, removed (with its preload) so that processes this one starts inherit the user's environment.</summary>
    private static string? TakePreloadMarker()
    {
        string? preloaded = Environment.GetEnvironmentVariable(PreloadedVariable);
        if (preloaded is null) return null;
        Environment.SetEnvironmentVariable(PreloadedVariable, null);
        string[] rest = (Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "")
            .Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries).Where(p => p != preloaded).ToArray();
        Environment.SetEnvironmentVariable("LD_PRELOAD", rest.Length == 0 ? null : string.Join(':', rest));
        return preloaded;
    }

    /// <summary>The replacement allocator (or <paramref name="library"/>) mapped into this process, from /proc/self/maps.</summary>
    private static string? Mapped(string? library)
    {
        // The maps name the file a link resolves to: libmimalloc.so.2 is mapped as libmimalloc.so.2.0, say.
        string? target = library is null ? null : (File.ResolveLinkTarget(library, returnFinalTarget: true)?.FullName ?? library);
        return MappedLibraries.Paths().FirstOrDefault(path =>
            path == target || Replacements.Any(r => Path.GetFileName(path).StartsWith(r.File, StringComparison.Ordinal)));
    }

    /// <summary>Replaces this process's image with itself, <paramref name="library"/> preloaded; returns why when it cannot.</summary>
    private static string Reexecute(string library)
    {
        string[] arguments;
        try
        {
            arguments = File.ReadAllText("/proc/self/cmdline").Split('\0');
        }
        catch (IOException e)
        {
            return $"{library} was not preloaded: the command line could not be read ({e.Message})";
        }
        if (arguments.Length > 0 && arguments[^1].Length == 0) arguments = arguments[..^1];
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        environment["LD_PRELOAD"] = environment.TryGetValue("LD_PRELOAD", out string? theirs) && theirs.Length > 0 ? $"{library}:{theirs}" : library;
        environment[PreloadedVariable] = library;
        var unmanaged = new List<IntPtr>();
        try
        {
            IntPtr[] Terminated(IEnumerable<string> values)
            {
                var pointers = values.Select(v => { var p = Marshal.StringToCoTaskMemUTF8(v); unmanaged.Add(p); return p; }).ToList();
                pointers.Add(IntPtr.Zero);
                return pointers.ToArray();
            }
            var argv = Terminated(arguments);
            var envp = Terminated(environment.Select(e => $"{e.Key}={e.Value}"));
            UnblockSignals(); // a blocked signal would stay blocked across exec
            execve("/proc/self/exe", argv, envp);
            return $"{library} was not preloaded: re-executing failed (errno {Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture)})";
        }
        finally
        {
            foreach (var p in unmanaged) Marshal.FreeCoTaskMem(p);
        }
    }

    private static unsafe void UnblockSignals()
    {
        byte* empty = stackalloc byte[128]; // sigset_t, all clear
        new Span<byte>(empty, 128).Clear();
        _ = sigprocmask(2 /* SIG_SETMASK */, empty, null);
    }

    private static AllocatorChoice Describe(string? mapped, string? note)
    {
        if (mapped is not null)
        {
            string file = Path.GetFileName(mapped);
            string name = Replacements.FirstOrDefault(r => file.StartsWith(r.File, StringComparison.Ordinal)).Name ?? file;
            return new AllocatorChoice(name, mapped, Fragments: false, note) { Library = mapped };
        }
        var glibc = GlibcVersion();
        if (glibc is null) return new AllocatorChoice("system", null, Fragments: false, note);
        string? set = Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_");
        string threshold = ThresholdHeld ? $"mmap threshold held at {HeldMmapThresholdBytes / 1024} KiB"
            : set is not null ? $"mmap threshold {set} bytes (MALLOC_MMAP_THRESHOLD_)" : "mmap threshold rising by itself";
        bool lowEnough = ThresholdHeld || (long.TryParse(set, CultureInfo.InvariantCulture, out long bytes) && bytes <= HeldMmapThresholdBytes);
        return new AllocatorChoice($"glibc {glibc}", threshold, Fragments: glibc < FixedGlibc && !lowEnough, note);
    }

    private static bool ThresholdHeld { get; set; }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int option, int value);

    [LibraryImport("libc", EntryPoint = "gnu_get_libc_version")]
    private static partial IntPtr gnu_get_libc_version();

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static partial int execve([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr[] argv, IntPtr[] envp);

    [LibraryImport("libc", EntryPoint = "sigprocmask")]
    private static unsafe partial int sigprocmask(int how, byte* set, byte* old);
}
