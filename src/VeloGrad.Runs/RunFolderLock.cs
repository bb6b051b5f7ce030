using System.Globalization;

namespace VeloGrad.Runs;

/// <summary>
/// An exclusive lock on a run folder, held while a process writes it: an OS file lock (flock on Unix, a sharing
/// lock on Windows) that the kernel releases if the process dies, so a crash never leaves a stale lock. A second
/// writer fails at once, naming the holder.
/// </summary>
public sealed class RunFolderLock : IDisposable
{
    public const string FileName = ".lock";
    public const string OwnerFileName = ".lock.owner";
    private readonly FileStream _lock;
    private readonly string _owner;

    private RunFolderLock(FileStream held, string owner)
    {
        _lock = held;
        _owner = owner;
    }

    /// <exception cref="IOException">Another process (or another writer in this one) holds the folder.</exception>
    public static RunFolderLock Acquire(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName), owner = Path.Combine(folder, OwnerFileName);
        FileStream held;
        try
        {
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            string holder = File.Exists(owner) ? File.ReadAllText(owner).Trim() : "another process";
            throw new RunFolderBusyException($"'{folder}' is being written by {holder}: wait for it to finish or stop it; two writers would lose one's results.", e);
        }
        AtomicFile.WriteAllText(owner, string.Create(CultureInfo.InvariantCulture,
            $"process {Environment.ProcessId} on {Environment.MachineName} (since {DateTimeOffset.UtcNow:u})"));
        return new RunFolderLock(held, owner);
    }

    /// <summary>Releases the folder and removes both files, so a finished run folder holds only its results. The lock
    /// file goes while still held: a writer that comes after locks a new file, and this one has finished writing.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_owner);
            File.Delete(_lock.Name);
        }
        catch (IOException) { /* the lock itself is what counts */ }
        catch (UnauthorizedAccessException) { /* on Windows a held file cannot be deleted: it stays, empty and unlocked */ }
        _lock.Dispose();
    }
}

/// <summary>A run folder is locked by another writer.</summary>
public sealed class RunFolderBusyException : IOException
{
    public RunFolderBusyException() { }
    public RunFolderBusyException(string message) : base(message) { }
    public RunFolderBusyException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>What a front end may offer when a run folder holds something a call may not touch.</summary>
[Flags]
public enum FolderRemedy
{
    None = 0,
    /// <summary>Continue the run from its checkpoint.</summary>
    Resume = 1,
    /// <summary>Train it again, replacing its files.</summary>
    Overwrite = 2,
    /// <summary>Write somewhere else.</summary>
    OtherFolder = 4,
    /// <summary>Drop the option that asked to resume.</summary>
    StartNew = 8,
}

/// <summary>A run or experiment folder holds something this call may not touch; <see cref="Remedies"/> says what
/// would do (the command line names its options).</summary>
public sealed class RunFolderConflictException : IOException
{
    /// <param name="fact">What the folder holds, as a clause without a final stop and without what to do about it: the
    /// remedies are said once, from
    /// <paramref name="remedies"/> (in words here, as options by a command line).</param>
    public RunFolderConflictException(string fact, FolderRemedy remedies) : base(remedies == FolderRemedy.None ? $"{fact}." : $"{fact}: {InWords(remedies)}")
    {
        Fact = fact;
        Remedies = remedies;
    }

    public RunFolderConflictException() => Fact = Message;
    public RunFolderConflictException(string message) : base(message) => Fact = message;
    public RunFolderConflictException(string message, Exception inner) : base(message, inner) => Fact = message;

    /// <summary>What the folder holds (the message less its remedies).</summary>
    public string Fact { get; }

    public FolderRemedy Remedies { get; }

    /// <summary>The remedies as a clause: "resume it, train it again, or choose another output folder."</summary>
    public static string InWords(FolderRemedy remedies)
    {
        var words = new List<string>();
        if (remedies.HasFlag(FolderRemedy.Resume)) words.Add("resume it");
        if (remedies.HasFlag(FolderRemedy.Overwrite)) words.Add("train it again");
        if (remedies.HasFlag(FolderRemedy.StartNew)) words.Add("start a new run");
        if (remedies.HasFlag(FolderRemedy.OtherFolder)) words.Add("choose another output folder");
        if (words.Count == 0) return "";
        return (words.Count == 1 ? words[0] : $"{string.Join(", ", words[..^1])}, or {words[^1]}") + ".";
    }
}
