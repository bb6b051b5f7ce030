namespace VeloGrad.Training.Data;

/// <summary>
/// MNIST from its IDX files (<see cref="IdxImageFolder"/>) in <c>DATA/mnist</c>, downloaded when absent and asked for,
/// as torchvision's <c>datasets.MNIST(download=True)</c> does for DeepOBS: the four gzipped files from
/// <see cref="Mirror"/> (torchvision's mirror; <c>$VELOGRAD_MNIST_URL</c> names another), each checked against its
/// published MD5 before it is kept, written under a temporary name and renamed, so a partial download never poses as data.
/// </summary>
public static class Mnist
{
    public const string Name = "mnist";
    public const string FolderName = "mnist";
    public const string Mirror = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    public const string UrlVariable = "VELOGRAD_MNIST_URL";

    public static readonly IReadOnlyList<string> ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>The published MD5 of each gzipped file (torchvision's <c>MNIST.resources</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> PublishedMd5 = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["train-images-idx3-ubyte.gz"] = "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        ["train-labels-idx1-ubyte.gz"] = "d53e105ee54ea40749a09fcbcd1e9432",
        ["t10k-images-idx3-ubyte.gz"] = "9fb629c4189551a2d022fa330f9573f3",
        ["t10k-labels-idx1-ubyte.gz"] = "ec29112dd5afa0611ce80d1b7f02629c",
    };

    private static readonly IdxImageFolder Layout = new(Name, "MNIST", ClassNames);

    /// <summary>The folder MNIST is read from under a data root.</summary>
    public static string Folder(string root) => Path.Combine(root, FolderName);

    /// <summary>Where MNIST lies under <paramref name="root"/>, or null.</summary>
    public static string? Locate(string root) => IdxImageFolder.IsPresent(Folder(root)) ? Folder(root) : null;

    /// <summary>Both splits; <paramref name="native"/> keeps 1×28×28.</summary>
    public static DatasetSplits Load(string root, bool native = false) =>
        Layout.Load(Folder(root), native, $"Download it with velograd data inspect --dataset mnist --download, or put its four IDX files ({string.Join(", ", IdxImageFolder.FileNames)}, gzipped or not) into '{Folder(root)}'.");

    /// <summary>The base address files are fetched from: <c>$VELOGRAD_MNIST_URL</c> or <see cref="Mirror"/>.</summary>
    public static Uri Source => new(Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } mirror ? (mirror.EndsWith('/') ? mirror : mirror + "/") : Mirror);

    /// <summary>Downloads the files MNIST lacks under <paramref name="root"/> (MD5-checked); returns its folder.</summary>
    public static async Task<string> EnsureAsync(string root, HttpClient http, Uri? source = null,
        IReadOnlyDictionary<string, string>? md5 = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        string folder = Folder(root);
        if (IdxImageFolder.IsPresent(folder)) return folder;
        Directory.CreateDirectory(folder);
        source ??= Source;
        md5 ??= PublishedMd5;
        foreach (var (file, expected) in md5)
        {
            string target = Path.Combine(folder, file);
            if (File.Exists(target)) continue;
            var url = new Uri(source, file);
            await VerifiedDownload.FetchAsync(http, url, target, expected,
                e => $"Could not download MNIST's {file} from {url} ({e.Message}). Without network access, fetch the four files elsewhere and put them in '{folder}', or name a mirror with ${UrlVariable}.",
                actual => $"The downloaded {file} has MD5 {actual}, not the published {expected}: it is incomplete or altered, and was deleted. Try again, or name another mirror with ${UrlVariable}.",
                cancel: cancel).ConfigureAwait(false);
        }
        return folder;
    }
}
