namespace VeloGrad.Training.Data;

/// <summary>Which dataset a run uses, and the steps that led there, for the user to read.</summary>
public sealed record DatasetChoice(string Dataset, IReadOnlyList<string> Steps)
{
    public string Reason => string.Join("; ", Steps);

    /// <summary>The download the choice still needs before its data loads (null: none); <see cref="Fetch"/> runs it.</summary>
    internal Func<IProgress<(long Done, long? Total)>?, string>? PendingDownload { get; init; }

    /// <summary>Whether the data must still be downloaded (it is not here, and the choice is to fetch it).</summary>
    public bool NeedsDownload => PendingDownload is not null;

    /// <summary>The choice with its data here: the pending download run (MD5-checked) and said among the steps.</summary>
    /// <exception cref="DatasetException">The download failed; the message says how to go on.</exception>
    public DatasetChoice Fetch(IProgress<(long Done, long? Total)>? progress = null) =>
        PendingDownload is null ? this : new(Dataset, [.. Steps, PendingDownload(progress)]);
}

/// <summary>
/// Resolves a dataset name as the reference gets its data: <c>auto</c> takes CIFAR-10 if present, else downloads
/// it (MD5-checked) when downloads are allowed and the server answers within a short timeout, else Fashion-MNIST
/// if installed, else the synthetic set, saying why at each step. Resolving decides the dataset without downloading
/// it (a configuration is built and checked with the dataset it names before anything is fetched); fetching downloads.
/// </summary>
public static class DatasetSelection
{
    /// <summary>How long a download may wait for the server to connect before <c>auto</c> moves on.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Resolves and fetches: the dataset <paramref name="name"/> means here, its data here.</summary>
    public static DatasetChoice Choose(string name, string dataRoot, string? fashionMnistFolder, bool allowDownload,
        CifarSource? source = null, TimeSpan? connectTimeout = null, IProgress<(long Done, long? Total)>? progress = null) =>
        Resolve(name, dataRoot, fashionMnistFolder, allowDownload, source, connectTimeout).Fetch(progress);

    /// <summary>Which dataset <paramref name="name"/> means here, and the download it needs, if any, not yet run. For
    /// <c>auto</c> without CIFAR-10, whether the server answers decides (within <paramref name="connectTimeout"/>).</summary>
    /// <exception cref="InvalidSettingException">Not a known dataset name.</exception>
    public static DatasetChoice Resolve(string name, string dataRoot, string? fashionMnistFolder, bool allowDownload,
        CifarSource? source = null, TimeSpan? connectTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        fashionMnistFolder ??= FashionMnist.DebianFolder;
        var cifar = source ?? CifarSource.Default;
        if (name != DatasetCatalog.Auto)
        {
            if (!DatasetCatalog.Names.Contains(name))
                throw new InvalidSettingException(nameof(TrainingConfig.Dataset), $"Unknown dataset '{name}': use one of {string.Join(", ", DatasetCatalog.Names)}.");
            if (name == Cifar10.Name && allowDownload && Cifar10.Locate(dataRoot) is null)
                return new(name, []) { PendingDownload = progress => Download(dataRoot, cifar, connectTimeout, progress) };
            if (name == Mnist.Name && allowDownload && Mnist.Locate(dataRoot) is null)
                return new(name, []) { PendingDownload = _ => DownloadMnist(dataRoot, connectTimeout) };
            return new(name, [name]);
        }

        var steps = new List<string>();
        if (Cifar10.Locate(dataRoot) is { } found) return new(Cifar10.Name, [$"auto: CIFAR-10 found at {found}"]);
        steps.Add($"auto: no CIFAR-10 in '{dataRoot}'");
        if (allowDownload)
        {
            if (Unanswered(cifar.Url, connectTimeout) is not { } why)
                return new(Cifar10.Name, steps) { PendingDownload = progress => DownloadOrSay(dataRoot, cifar, connectTimeout, progress) };
            steps.Add($"the download server did not answer ({why})");
        }
        else steps.Add("downloads are off");
        if (FashionMnist.IsPresent(fashionMnistFolder))
        {
            steps.Add($"Fashion-MNIST found in {fashionMnistFolder}");
            return new(FashionMnist.Name, steps);
        }
        steps.Add($"no Fashion-MNIST in {fashionMnistFolder} (on Debian: apt-get install dataset-fashion-mnist)");
        steps.Add("using the synthetic set");
        return new(SyntheticImages.Name, steps);
    }

    /// <summary>Why <paramref name="url"/> cannot be downloaded from now (null: its server answers with the file).</summary>
    private static string? Unanswered(Uri url, TimeSpan? connectTimeout)
    {
        try
        {
            using var http = Client(connectTimeout, (connectTimeout ?? DefaultConnectTimeout) * 2);
            using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} from {url.Host}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            return Inner(e);
        }
    }

    /// <summary>auto's download: its server answered, so a failure now is said, with how to train without it.</summary>
    private static string DownloadOrSay(string dataRoot, CifarSource source, TimeSpan? connectTimeout, IProgress<(long Done, long? Total)>? progress)
    {
        try
        {
            return Download(dataRoot, source, connectTimeout, progress);
        }
        catch (DatasetException e)
        {
            throw new DatasetException($"{e.Message} Run the same command again to retry, or with --no-download to train on Fashion-MNIST (or the synthetic set) instead.", e);
        }
    }

    private static string Download(string dataRoot, CifarSource source, TimeSpan? connectTimeout, IProgress<(long Done, long? Total)>? progress)
    {
        string at = WithClient(connectTimeout, http => Cifar10Download.EnsureAsync(dataRoot, http, source.Url, source.Md5, progress));
        return $"downloaded CIFAR-10 from {source.Url} (MD5 checked) into {at}";
    }

    private static string DownloadMnist(string dataRoot, TimeSpan? connectTimeout)
    {
        string at = WithClient(connectTimeout, http => Mnist.EnsureAsync(dataRoot, http));
        return $"downloaded MNIST from {Mnist.Source} (MD5 checked) into {at}";
    }

    /// <summary>Runs a download with a client that gives up connecting after <paramref name="connectTimeout"/> but lets a
    /// slow transfer finish.</summary>
    private static string WithClient(TimeSpan? connectTimeout, Func<HttpClient, Task<string>> download)
    {
        using var http = Client(connectTimeout, Timeout.InfiniteTimeSpan);
        return download(http).GetAwaiter().GetResult();
    }

    /// <summary>A client that gives up connecting after <paramref name="connectTimeout"/> and waits <paramref name="total"/> in all.</summary>
    private static HttpClient Client(TimeSpan? connectTimeout, TimeSpan total) =>
        new(new SocketsHttpHandler { ConnectTimeout = connectTimeout ?? DefaultConnectTimeout }, disposeHandler: true) { Timeout = total };

    private static string Inner(Exception e) => e.InnerException?.Message ?? e.Message;
}
