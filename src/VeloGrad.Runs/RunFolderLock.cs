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

    public void Dispose()
    {
        try { File.Delete(_owner); } catch (IOException) { /* the lock itself is what counts */ }
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
    public RunFolderConflictException(string message, FolderRemedy remedies) : base(message) => Remedies = remedies;
    public RunFolderConflictException() { }
    public RunFolderConflictException(string message) : base(message) { }
    public RunFolderConflictException(string message, Exception inner) : base(message, inner) { }

    public FolderRemedy Remedies { get; }
}
