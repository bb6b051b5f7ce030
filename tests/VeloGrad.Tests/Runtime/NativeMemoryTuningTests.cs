using System.Runtime.InteropServices;
using VeloGrad.Runtime;

namespace VeloGrad.Tests.Runtime;

public partial class NativeMemoryTuningTests
{
    /// <summary>glibc's struct mallinfo2 (all size_t).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, OrdBlks, SmBlks, HBlks, HBlkHd, UsmBlks, FsmBlks, UordBlks, FordBlks, KeepCost;
    }

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallInfo2 mallinfo2();

    [Fact]
    public unsafe void After_tuning_tensor_sized_blocks_come_from_the_heap_instead_of_fresh_mappings()
    {
        if (!OperatingSystem.IsLinux()) return;
        var outcome = NativeMemoryTuning.Apply();
        Assert.Equal(NativeMemoryTuningOutcome.Applied, outcome);
        Assert.Equal(outcome, NativeMemoryTuning.Apply());

        // A 24 MiB block (a large conv weight's gradient, say) no longer gets its own mapping.
        const int blockBytes = 24 * 1024 * 1024;
        nuint mappedBefore = mallinfo2().HBlkHd;
        void* block = NativeMemory.Alloc(blockBytes);
        nuint mappedDuring = mallinfo2().HBlkHd;
        NativeMemory.Free(block);
        Assert.True(mappedDuring - mappedBefore < blockBytes, $"A {blockBytes}-byte block was served by mmap ({mappedDuring - mappedBefore} bytes mapped).");

    }
}
