using static TorchSharp.torch;

namespace VeloGrad.Components;

/// <summary>
/// Lookahead: every k steps of a tensor, slow ← slow + α_slow·(p − slow), then p ← (1 − α_interp)·p + α_interp·slow.
/// </summary>
internal static class Lookahead
{
    public static bool IsDue(long step, int interval) => step % interval == 0;

    public static void Synchronize(Tensor param, Tensor slow, double slowUpdateRate, double interpolationStrength)
    {
        using (var difference = param - slow)
            slow.add_(difference, alpha: slowUpdateRate);
        param.mul_(1 - interpolationStrength).add_(slow, alpha: interpolationStrength);
    }
}
