using VeloGrad.Runtime;

namespace VeloGrad.Tests.Runtime;

/// <summary>Which installed libtorch versions VELOGRAD_TORCH_LIB may name, told before any of it loads.</summary>
public sealed class LibTorchVersionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("velograd-libtorch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("1.13.0a0", true)]
    [InlineData("2.9.1+cu128", true)]
    [InlineData("3.0.0", true)]
    [InlineData("2.10.0+cpu", false)]
    [InlineData("2.11.0+cu130", false)]
    public void Only_an_older_minor_or_another_major_version_cannot_work(string version, bool refused)
    {
        Assert.Equal("2.10", LibTorch.MajorMinor(LibTorch.BuiltFor)); // the cases above are written for TorchSharp 0.107
        Assert.Equal(refused, LibTorch.CannotWork(version));
    }

    [Fact]
    public void The_soname_version_is_where_the_links_end()
    {
        File.WriteAllText(Path.Combine(_folder, "libtorch_cpu.so.1.13.0"), "");
        File.CreateSymbolicLink(Path.Combine(_folder, "libtorch_cpu.so.1.13"), "libtorch_cpu.so.1.13.0");
        File.CreateSymbolicLink(Path.Combine(_folder, "libtorch_cpu.so"), "libtorch_cpu.so.1.13");
        Assert.Equal("1.13.0", LibTorch.SonameVersion(Path.Combine(_folder, "libtorch_cpu.so")));
        File.WriteAllText(Path.Combine(_folder, "libtorch_plain.so"), "");
        Assert.Null(LibTorch.SonameVersion(Path.Combine(_folder, "libtorch_plain.so"))); // PyTorch's wheels: no version in the name
    }
}
