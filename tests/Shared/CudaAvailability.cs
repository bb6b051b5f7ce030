using static TorchSharp.torch;

namespace VeloGrad.Tests.Shared;

/// <summary>Whether the GPU tests can run here, and the reason they give when they skip.</summary>
internal static class CudaAvailability
{
    public const string SkipReason = "CUDA is not available here (libtorch finds no CUDA device): this test runs on a machine with an NVIDIA GPU (bench/gpu/pack.sh packs the tests for one).";

    public static bool Available => cuda.is_available();
}
