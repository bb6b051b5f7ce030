using System.Net;
using System.Net.Sockets;
using VeloGrad.Training.Data;
using VeloGrad.Training.Tests.Support;

namespace VeloGrad.Training.Tests.Data;

/// <summary>The download path against a server on the loopback address that serves a fixture archive.</summary>
public sealed class Cifar10DownloadTests : IDisposable
{
    private readonly TemporaryFolder _served = new();
    private readonly TemporaryFolder _target = new();
    private readonly HttpListener _listener = new();
    private readonly string _prefix;
    private byte[] _payload = [];

    public Cifar10DownloadTests()
    {
        int port = FreePort();
        _prefix = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_prefix);
        _listener.Start();
        _ = Task.Run(Serve);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (!_listener.IsListening) { return; }
            context.Response.ContentLength64 = _payload.Length;
            await context.Response.OutputStream.WriteAsync(_payload);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _served.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task Downloads_verifies_and_unpacks_into_place()
    {
        _payload = File.ReadAllBytes(DatasetFixtures.WriteCifarArchive(_served.Path));
        string md5 = VerifiedDownload.Md5Of(Path.Combine(_served.Path, Cifar10.ArchiveName));
        using var http = new HttpClient();

        string location = await Cifar10Download.EnsureAsync(_target.Path, http, new Uri(_prefix + "cifar.tar.gz"), md5, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(_target.Path, Cifar10.FolderName), location);
        using var splits = Cifar10.Load(_target.Path);
        Assert.Equal(15, splits.Train.Count);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_target.Path), p => p.EndsWith(".partial", StringComparison.Ordinal) || p.Contains("unpacking", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_download_with_the_wrong_checksum_is_deleted_and_never_poses_as_the_dataset()
    {
        _payload = File.ReadAllBytes(DatasetFixtures.WriteCifarArchive(_served.Path));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<DatasetException>(() =>
            Cifar10Download.EnsureAsync(_target.Path, http, new Uri(_prefix + "cifar.tar.gz"), expectedMd5: new string('0', 32), cancel: TestContext.Current.CancellationToken));

        Assert.Contains("not the published", error.Message, StringComparison.Ordinal);
        Assert.Null(Cifar10.Locate(_target.Path));
        Assert.Empty(Directory.GetFileSystemEntries(_target.Path));
    }

    [Fact]
    public async Task Without_network_the_error_says_how_to_supply_the_files()
    {
        using var http = new HttpClient();
        int closedPort = FreePort();
        var error = await Assert.ThrowsAsync<DatasetException>(() =>
            Cifar10Download.EnsureAsync(_target.Path, http, new Uri($"http://127.0.0.1:{closedPort}/cifar.tar.gz"), cancel: TestContext.Current.CancellationToken));
        Assert.Contains(Cifar10.ArchiveName, error.Message, StringComparison.Ordinal);
        Assert.Contains(Cifar10Download.PublishedMd5, error.Message, StringComparison.Ordinal);
        Assert.Null(Cifar10.Locate(_target.Path));
    }

    /// <summary>Serves the fixture archive; the source that names it and its MD5.</summary>
    private CifarSource ServeArchive()
    {
        _payload = File.ReadAllBytes(DatasetFixtures.WriteCifarArchive(_served.Path));
        return new CifarSource(new Uri(_prefix + "cifar.tar.gz"), VerifiedDownload.Md5Of(Path.Combine(_served.Path, Cifar10.ArchiveName)));
    }

    [Fact]
    public void Auto_downloads_CIFAR10_when_it_is_absent_and_the_server_answers()
    {
        var source = ServeArchive();
        using var noFashion = new TemporaryFolder();

        var choice = DatasetSelection.Choose("auto", _target.Path, noFashion.Path, allowDownload: true, source);

        Assert.Equal(Cifar10.Name, choice.Dataset);
        Assert.Contains("no CIFAR-10", choice.Reason, StringComparison.Ordinal);
        Assert.Contains("downloaded CIFAR-10", choice.Reason, StringComparison.Ordinal);
        Assert.NotNull(Cifar10.Locate(_target.Path));
    }

    [Fact]
    public void Resolving_decides_the_dataset_without_downloading_and_fetching_downloads_it()
    {
        var source = ServeArchive();
        using var noFashion = new TemporaryFolder();

        // auto: the server answers, so the dataset is CIFAR-10, still to be fetched; nothing is written yet.
        var resolved = DatasetSelection.Resolve("auto", _target.Path, noFashion.Path, allowDownload: true, source);
        Assert.Equal((Cifar10.Name, true), (resolved.Dataset, resolved.NeedsDownload));
        Assert.Null(Cifar10.Locate(_target.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_target.Path));

        var fetched = resolved.Fetch();
        Assert.False(fetched.NeedsDownload);
        Assert.Contains("downloaded CIFAR-10", fetched.Reason, StringComparison.Ordinal);
        Assert.NotNull(Cifar10.Locate(_target.Path));

        // Present now: resolving again needs nothing.
        Assert.False(DatasetSelection.Resolve("cifar10", _target.Path, noFashion.Path, allowDownload: true, source).NeedsDownload);
    }

    [Fact]
    public void Auto_falls_back_to_Fashion_MNIST_then_synthetic_when_the_server_does_not_answer_saying_why()
    {
        var unreachable = new CifarSource(new Uri($"http://127.0.0.1:{FreePort()}/cifar.tar.gz"), Cifar10Download.PublishedMd5);
        using var fashion = new TemporaryFolder();
        using var noFashion = new TemporaryFolder();
        DatasetFixtures.WriteFashionMnist(fashion.Path, gzip: true);

        var toFashion = DatasetSelection.Choose("auto", _target.Path, fashion.Path, allowDownload: true, unreachable, TimeSpan.FromSeconds(2));
        Assert.Equal(FashionMnist.Name, toFashion.Dataset);
        Assert.Contains("the download server did not answer", toFashion.Reason, StringComparison.Ordinal);
        Assert.Contains("Fashion-MNIST found", toFashion.Reason, StringComparison.Ordinal);

        var toSynthetic = DatasetSelection.Choose("auto", _target.Path, noFashion.Path, allowDownload: true, unreachable, TimeSpan.FromSeconds(2));
        Assert.Equal(SyntheticImages.Name, toSynthetic.Dataset);
        Assert.Equal(4, toSynthetic.Steps.Count);
        Assert.Contains("apt-get install dataset-fashion-mnist", toSynthetic.Reason, StringComparison.Ordinal);
        Assert.Null(Cifar10.Locate(_target.Path));
    }
}
