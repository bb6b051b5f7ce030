using TorchSharp;

namespace VeloGrad.Training.Engine;

/// <summary>The memory order a run's batches take when the user did not choose: channels-last for a convolutional
/// model on the CPU, where oneDNN's convolutions run faster in it (the parity epoch 1.1–1.4× in float32 and bfloat16 on
/// an AVX-512 EPYC, <c>parity-epoch</c> benchmark); contiguous on CUDA, where its gain is not measured yet, and for
/// models without convolutions, which it does not change. Resolved when the configuration is made, so a run's saved
/// configuration says which order it ran in.</summary>
public static class MemoryOrderDefaults
{
    /// <exception cref="InvalidSettingException">CUDA was asked for and is not available.</exception>
    public static bool ChannelsLast(string model, DeviceChoice device) =>
        ModelCatalog.HasConvolutions(model) && DeviceResolution.Resolve(device) == DeviceType.CPU;
}
