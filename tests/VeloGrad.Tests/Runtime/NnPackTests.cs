using VeloGrad.Runtime;

namespace VeloGrad.Tests.Runtime;

/// <summary>libtorch's NNPACK switch is reached through its exported symbols: what is set is what libtorch then reads.</summary>
public sealed class NnPackTests
{
    [Fact]
    public void The_switch_set_here_is_the_one_libtorch_reads()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("The switch is reached through libtorch's Itanium-ABI symbols, read from /proc/self/maps: Linux only.");
        bool before = Assert.NotNull(NnPack.Enabled);
        try
        {
            NnPack.Enabled = false;
            Assert.False(NnPack.Enabled);
            NnPack.Enabled = true;
            Assert.True(NnPack.Enabled);
            // On a CPU that can run NNPACK nothing is switched off; on one that cannot, it is.
            Assert.Equal(!NnPack.HardwareSupported, NnPack.DisableWhereUnsupported());
        }
        finally
        {
            NnPack.Enabled = before;
        }
    }
}
