using System.Runtime.InteropServices;
using VeloGrad.Build;

namespace VeloGrad.Tests.Packaging;

/// <summary>
/// TorchSharp 0.107's bridge frees TorchScript's argument arrays (made with new[]) through a sized single-object
/// delete, which corrupts jemalloc's and tcmalloc's heaps; the build points that free at operator delete[]
/// (build/ElfVersionNeeds.cs, <see cref="TorchSharpArrayDelete"/>) in its own copy, never in the NuGet cache's.
/// </summary>
public sealed class ArrayDeleteRepairTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("velograd-bridge-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Built => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    /// <summary>Where the free jumps, and the stubs of the two deletes.</summary>
    private static (long Target, long Sized, long Array) FreeOf(string path) =>
        TorchSharpArrayDelete.Find(ElfFile.Load(path)) is { } jump ? (jump.Target, jump.SizedDelete, jump.ArrayDelete)
            : throw new Xunit.Sdk.XunitException($"{path}: {TorchSharpArrayDelete.Function} is not the function the repair knows");

    private string CachedCopy()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64, "the repair applies to linux-x64 builds");
        string cached = NativesPatchTests.CachedBridge();
        Assert.True(File.Exists(cached), $"TorchSharp's package is not at {cached}");
        string copy = Path.Combine(_folder, "libLibTorchSharp.so");
        File.Copy(cached, copy);
        return copy;
    }

    [Fact]
    public void The_built_bridge_frees_with_delete_array_and_the_cache_keeps_what_it_came_with()
    {
        var cached = FreeOf(CachedCopy());
        Assert.Equal(cached.Sized, cached.Target); // TorchSharp's own: the sized delete
        var built = FreeOf(Built);
        Assert.Equal(built.Array, built.Target);
        Assert.NotEqual(built.Sized, built.Target);
    }

    [Fact]
    public void A_repair_changes_the_one_jump_and_a_second_finds_nothing_to_do()
    {
        string copy = CachedCopy();
        byte[] before = File.ReadAllBytes(copy);
        Assert.Equal(ArrayDeleteRepair.Repaired, TorchSharpArrayDelete.Repair(copy));
        byte[] after = File.ReadAllBytes(copy);
        var free = FreeOf(copy);
        Assert.Equal(free.Array, free.Target);
        Assert.Equal(before.Length, after.Length);
        Assert.InRange(before.Zip(after).Count(p => p.First != p.Second), 1, 4); // the jump's displacement, nothing else
        Assert.Equal(ArrayDeleteRepair.AlreadyRepaired, TorchSharpArrayDelete.Repair(copy));
        Assert.Equal(after, File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_free_of_another_shape_is_left_as_it_is()
    {
        string copy = CachedCopy();
        var elf = ElfFile.Load(copy);
        var function = elf.DynamicSymbol(TorchSharpArrayDelete.Function)!.Value;
        byte[] bytes = File.ReadAllBytes(copy);
        bytes[checked((int)elf.FileOffset(function.Address)!.Value) + 6] = 0x20; // another size: another build's code
        File.WriteAllBytes(copy, bytes);
        Assert.Equal(ArrayDeleteRepair.Unrecognised, TorchSharpArrayDelete.Repair(copy));
        Assert.Equal(bytes, File.ReadAllBytes(copy));
    }
}
