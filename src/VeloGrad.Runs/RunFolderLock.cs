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
    private const string OwnerFileName = ".lock.owner";
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
