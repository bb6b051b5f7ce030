using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Support;

/// <summary>Tensors still held somewhere: wrappers nothing references are finalised before counting.</summary>
internal static class LiveTensors
{
    public static long Count()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }
}
