namespace VeloGrad.Training.Data;

/// <summary>Where CIFAR-10's archive is fetched from and the MD5 it must have: the official URL, or a mirror named
/// by <c>$VELOGRAD_CIFAR10_URL</c> (same archive, same MD5).</summary>
public sealed record CifarSource(Uri Url, string Md5)
{
    public const string UrlVariable = "VELOGRAD_CIFAR10_URL";

    public static CifarSource Default =>
        new(Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } mirror ? new Uri(mirror) : new Uri(Cifar10Download.Url), Cifar10Download.PublishedMd5);
}
