using System.Security.Cryptography;

namespace VeloGrad.Training.Data;

/// <summary>One file fetched and checked against its published MD5 before it is kept: written under a temporary name
/// (<c>.partial</c>) and renamed, so a partial or corrupt download never poses as data (CIFAR-10's archive, MNIST's files).</summary>
public static class VerifiedDownload
{
    /// <param name="couldNotDownload">The message when the request fails (the error's own message goes in it).</param>
    /// <param name="mismatch">The message when the file's MD5 (given) is not the published one; the file is deleted.</param>
    /// <exception cref="DatasetException">The download failed, or its MD5 is not <paramref name="expectedMd5"/>.</exception>
    public static async Task FetchAsync(HttpClient http, Uri url, string target, string expectedMd5,
        Func<HttpRequestException, string> couldNotDownload, Func<string, string> mismatch,
        IProgress<(long Done, long? Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(couldNotDownload);
        ArgumentNullException.ThrowIfNull(mismatch);
        string partial = target + ".partial";
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            long? total = response.Content.Headers.ContentLength;
            await using var body = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
            await using var file = File.Create(partial);
            var buffer = new byte[1 << 20];
            long done = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancel).ConfigureAwait(false);
                done += read;
                progress?.Report((done, total));
            }
        }
        catch (HttpRequestException e)
        {
            File.Delete(partial);
            throw new DatasetException(couldNotDownload(e), e);
        }
        string actual = Md5Of(partial);
        if (!string.Equals(actual, expectedMd5, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(partial);
            throw new DatasetException(mismatch(actual));
        }
        File.Move(partial, target, overwrite: true);
    }

    public static string Md5Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }
}
