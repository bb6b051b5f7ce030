using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using VeloGrad.Training.Data;
using VeloGrad.Training.Tests.Support;

namespace VeloGrad.Training.Tests.Data;

/// <summary>MNIST as DeepOBS's mnist_vae reads it: downloaded from a mirror into DATA/mnist, each gzipped IDX file checked
/// against its MD5 before it is kept, then served at 1×28×28. A server on the loopback address serves files in MNIST's IDX
/// layout that the test writes.</summary>
public sealed class MnistTests : IDisposable
{
    private readonly TemporaryFolder _served = new();
    private readonly TemporaryFolder _root = new();
    private readonly HttpListener _listener = new();
    private readonly string _prefix;
    private readonly HashSet<string> _requested = [];

    public MnistTests()
    {
        using (var socket = new TcpListener(IPAddress.Loopback, 0))
        {
            socket.Start();
            _prefix = $"http://127.0.0.1:{((IPEndPoint)socket.LocalEndpoint).Port}/mirror/";
        }
        _listener.Prefixes.Add(_prefix);
        _listener.Start();
        _ = Task.Run(Serve);
        DatasetFixtures.WriteFashionMnist(_served.Path, gzip: true); // the same IDX layout and names as MNIST's
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (!_listener.IsListening) { return; }
            string name = Path.GetFileName(context.Request.Url!.AbsolutePath);
            lock (_requested) _requested.Add(name);
            string path = Path.Combine(_served.Path, name);
            if (File.Exists(path))
            {
                var bytes = await File.ReadAllBytesAsync(path);
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            else context.Response.StatusCode = 404;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _served.Dispose();
        _root.Dispose();
    }

    private Dictionary<string, string> ServedMd5() => IdxImageFolder.FileNames.ToDictionary(f => f + ".gz",
        f => Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(Path.Combine(_served.Path, f + ".gz")))));

    [Fact]
    public async Task Downloads_the_four_files_checks_each_md5_and_serves_them_at_28_by_28()
    {
        using var http = new HttpClient();
        string folder = await Mnist.EnsureAsync(_root.Path, http, new Uri(_prefix), ServedMd5(), TestContext.Current.CancellationToken);
        Assert.Equal(Mnist.Folder(_root.Path), folder);
        Assert.Equal(4, Directory.GetFiles(folder).Length); // no .partial left behind
        using var splits = Mnist.Load(_root.Path, native: true);
        Assert.Equal(Mnist.Name, splits.Name);
        Assert.Equal([1L, 28, 28], splits.Train.ImageShape);
        Assert.Equal(12, splits.Train.Count);
        Assert.Equal(5, splits.Test.Count);
        Assert.Equal((byte)((3 + 28 * 5 + 7) % 256), splits.Train.Images[3, 0, 5, 7].item<byte>());
        // Present now: a second call downloads nothing.
        lock (_requested) _requested.Clear();
        await Mnist.EnsureAsync(_root.Path, http, new Uri(_prefix), ServedMd5(), TestContext.Current.CancellationToken);
        Assert.Empty(_requested);
    }

    [Fact]
    public async Task A_file_whose_md5_is_not_the_published_one_is_deleted_and_named()
    {
        using var http = new HttpClient();
        var md5 = ServedMd5();
        md5["t10k-images-idx3-ubyte.gz"] = "00000000000000000000000000000000";
        var error = await Assert.ThrowsAsync<DatasetException>(() => Mnist.EnsureAsync(_root.Path, http, new Uri(_prefix), md5, TestContext.Current.CancellationToken));
        Assert.Contains("t10k-images-idx3-ubyte.gz has MD5", error.Message, StringComparison.Ordinal);
        Assert.Contains("deleted", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Mnist.Folder(_root.Path), "t10k-images-idx3-ubyte.gz")));
        Assert.Null(Mnist.Locate(_root.Path));
    }

    [Fact]
    public async Task A_mirror_that_lacks_a_file_is_named_with_what_to_do()
    {
        using var http = new HttpClient();
        var md5 = ServedMd5();
        File.Delete(Path.Combine(_served.Path, "train-labels-idx1-ubyte.gz"));
        var error = await Assert.ThrowsAsync<DatasetException>(() => Mnist.EnsureAsync(_root.Path, http, new Uri(_prefix), md5, TestContext.Current.CancellationToken));
        Assert.Contains("Could not download MNIST", error.Message, StringComparison.Ordinal);
        Assert.Contains(Mnist.UrlVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_files_loading_says_how_to_get_them()
    {
        var error = Assert.Throws<DatasetException>(() => Mnist.Load(_root.Path));
        Assert.Contains("--dataset mnist --download", error.Message, StringComparison.Ordinal);
    }
}
