namespace VeloGrad.Training.Data;

/// <summary>Which dataset a run uses, and the steps that led there, for the user to read.</summary>
public sealed record DatasetChoice(string Dataset, IReadOnlyList<string> Steps)
{
    public string Reason => string.Join("; ", Steps);
}

/// <summary>
/// Resolves a dataset name as the reference gets its data: <c>auto</c> takes CIFAR-10 if present, else downloads
/// it (MD5-checked) when downloads are allowed and the server answers within a short timeout, else Fashion-MNIST
/// if installed, else the synthetic set, saying why at each step.
/// </summary>
public static class DatasetSelection
{
    /// <summary>How long a download may wait for the server to connect before <c>auto</c> moves on.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    public static DatasetChoice Choose(string name, string dataRoot, string? fashionMnistFolder, bool allowDownload,
        CifarSource? source = null, TimeSpan? connectTimeout = null, IProgress<(long Done, long? Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        fashionMnistFolder ??= FashionMnist.DebianFolder;
        if (name != DatasetCatalog.Auto)
        {
            if (!DatasetCatalog.Names.Contains(name))
                throw new InvalidSettingException(nameof(TrainingConfig.Dataset), $"Unknown dataset '{name}': use one of {string.Join(", ", DatasetCatalog.Names)}.");
            if (name == Cifar10.Name && allowDownload && Cifar10.Locate(dataRoot) is null)
                return new(name, [Download(dataRoot, source ?? CifarSource.Default, connectTimeout, progress)]);
            if (name == Mnist.Name && allowDownload && Mnist.Locate(dataRoot) is null)
                return new(name, [DownloadMnist(dataRoot, connectTimeout)]);
            return new(name, [name]);
        }

        var steps = new List<string>();
        if (Cifar10.Locate(dataRoot) is { } found) return new(Cifar10.Name, [$"auto: CIFAR-10 found at {found}"]);
        steps.Add($"auto: no CIFAR-10 in '{dataRoot}'");
        if (allowDownload)
        {
            try
            {
                steps.Add(Download(dataRoot, source ?? CifarSource.Default, connectTimeout, progress));
                return new(Cifar10.Name, steps);
            }
            catch (DatasetException e)
            {
                steps.Add($"the download failed ({e.Message.Split(" (", 2)[0]}: {Inner(e)})");
            }
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
        using var handler = new SocketsHttpHandler { ConnectTimeout = connectTimeout ?? DefaultConnectTimeout };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        return download(http).GetAwaiter().GetResult();
    }

    private static string Inner(Exception e) => e.InnerException?.Message ?? e.Message;
}
