namespace VeloGrad.Reporting.Tests.Comparison;

internal sealed class TemporaryOutput : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("velograd-out-").FullName;
    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
