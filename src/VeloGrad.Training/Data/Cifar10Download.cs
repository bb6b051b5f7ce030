using System.Formats.Tar;
using System.IO.Compression;

namespace VeloGrad.Training.Data;

/// <summary>
/// Fetches CIFAR-10's official binary archive, checks its published MD5 and unpacks it atomically: a partial or
/// corrupt download never poses as a dataset.
/// </summary>
public static class Cifar10Download
{
    public const string Url = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    public const string PublishedMd5 = "c32a1d4ab5d03f1284b67883e8d87530";

    /// <summary>Downloads into <paramref name="root"/> unless CIFAR-10 is already there; returns its location.</summary>
    public static async Task<string> EnsureAsync(string root, HttpClient http, Uri? source = null, string expectedMd5 = PublishedMd5,
        IProgress<(long Done, long? Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Cifar10.Locate(root) is { } existing) return existing;
        Directory.CreateDirectory(root);
        source ??= new Uri(Url);
        string archive = Path.Combine(root, Cifar10.ArchiveName);
        await VerifiedDownload.FetchAsync(http, source, archive, expectedMd5,
            e => $"Could not download CIFAR-10 from {source} ({e.Message}). Without network access, fetch {Cifar10.ArchiveName} " +
                $"(MD5 {expectedMd5}) elsewhere and put it in '{root}', or use a data folder that holds {Cifar10.FolderName}.",
            actual => $"The downloaded CIFAR-10 archive has MD5 {actual}, not the published {expectedMd5}: it is incomplete or altered, and was deleted. Try again.",
            progress, cancel).ConfigureAwait(false);
        return Unpack(archive, root);
    }

    /// <summary>Unpacks into a temporary folder beside the target, then renames it into place.</summary>
    public static string Unpack(string archive, string root)
    {
        string target = Path.Combine(root, Cifar10.FolderName);
        string temporary = Path.Combine(root, $".{Cifar10.FolderName}.unpacking-{Environment.ProcessId}");
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);
        using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
            TarFile.ExtractToDirectory(gzip, temporary, overwriteFiles: true);
        string unpacked = Path.Combine(temporary, Cifar10.FolderName);
        if (!File.Exists(Path.Combine(unpacked, Cifar10.TestFile)))
        {
            Directory.Delete(temporary, recursive: true);
            throw new DatasetException($"'{archive}' does not contain {Cifar10.FolderName}/{Cifar10.TestFile}: it is not CIFAR-10's binary archive.");
        }
        Directory.Move(unpacked, target);
        Directory.Delete(temporary, recursive: true);
        return target;
    }
}
