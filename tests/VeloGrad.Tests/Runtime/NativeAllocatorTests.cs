using VeloGrad.Runtime;

namespace VeloGrad.Tests.Runtime;

/// <summary>The allocator decision, case by case (its effects, in processes of their own, are the CLI's AllocatorTests).</summary>
public class NativeAllocatorTests
{
    private const string Mimalloc = "/usr/lib/x86_64-linux-gnu/libmimalloc.so.2";
    private static readonly Version Bookworm = new(2, 36), Noble = new(2, 39);

    [Fact]
    public void Auto_chooses_only_mimalloc_where_tcmalloc_and_jemalloc_are_installed_but_the_benchmark_still_lists_them()
    {
        // They trust a sized delete's size, which an unrepaired TorchSharp bridge gets wrong (NativeAllocator.Replacements says why).
        var installed = NativeAllocator.Installed().ToList();
        Assert.SkipUnless(installed.Any(r => r.Name is "tcmalloc" or "jemalloc"), "neither tcmalloc nor jemalloc is installed here (apt-get install libgoogle-perftools4 libjemalloc2 to run this)");
        Assert.DoesNotMatch("tcmalloc|jemalloc", NativeAllocator.FindInstalled() ?? "");
        Assert.All(installed.Where(r => r.Name is "tcmalloc" or "jemalloc"), r => Assert.False(r.Auto));
    }

    [Fact]
    public void Auto_preloads_the_installed_library_and_holds_an_affected_glibc_in_case_the_preload_fails()
    {
        Assert.Equal(new AllocatorAction(Mimalloc, HoldThreshold: true, null), NativeAllocator.Decide("auto", null, null, Mimalloc, Bookworm, thresholdSetByUser: false));
        Assert.Equal(new AllocatorAction(Mimalloc, HoldThreshold: false, null), NativeAllocator.Decide("auto", null, null, Mimalloc, Noble, thresholdSetByUser: false));
    }

    [Fact]
    public void Without_a_replacement_only_a_glibc_before_2_38_is_held_and_never_against_the_users_setting()
    {
        Assert.Equal(new AllocatorAction(null, HoldThreshold: true, null), NativeAllocator.Decide("auto", null, null, null, Bookworm, thresholdSetByUser: false));
        Assert.Equal(new AllocatorAction(null, HoldThreshold: false, null), NativeAllocator.Decide("auto", null, null, null, Noble, thresholdSetByUser: false));
        Assert.Equal(new AllocatorAction(null, HoldThreshold: false, null), NativeAllocator.Decide("auto", null, null, null, Bookworm, thresholdSetByUser: true));
        Assert.Equal(new AllocatorAction(null, HoldThreshold: false, null), NativeAllocator.Decide("auto", null, null, null, glibc: null, thresholdSetByUser: false));
    }

    [Fact]
    public void A_replacement_already_mapped_is_left_alone_and_system_leaves_the_c_library_as_it_is()
    {
        Assert.Equal(new AllocatorAction(null, HoldThreshold: false, null), NativeAllocator.Decide("auto", Mimalloc + ".0", null, Mimalloc, Bookworm, thresholdSetByUser: false));
        Assert.Equal(new AllocatorAction(null, HoldThreshold: false, null), NativeAllocator.Decide("system", null, null, Mimalloc, Bookworm, thresholdSetByUser: false));
    }

    [Fact]
    public void A_preload_that_did_not_take_is_not_retried_and_is_said()
    {
        var action = NativeAllocator.Decide("/opt/broken.so", null, failedPreload: "/opt/broken.so", "/opt/broken.so", Bookworm, thresholdSetByUser: false);
        Assert.Null(action.Preload);
        Assert.True(action.HoldThreshold);
        Assert.Equal("/opt/broken.so could not be preloaded (see the loader's message above); the C library's malloc serves instead", action.Note);
    }
}
