using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Training.Loading;

/// <summary>
/// Host tensors to the device the model is on without waiting for it: a copy from ordinary (pageable) memory
/// waits for every kernel queued before it, so each batch would stall the GPU's queue; from pinned memory with
/// <c>non_blocking</c> it is queued like a kernel (libtorch keeps the pinned block until the copy has run). On the
/// CPU, the tensor itself.
/// </summary>
public static class DeviceUpload
{
    public static Tensor To(Tensor host, Device device)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(device);
        if (device.type == host.device_type && (device.index < 0 || device.index == host.device_index)) return host.alias();
        if (host.device_type != DeviceType.CPU || device.type != DeviceType.CUDA) return host.to(device);
        using var pinned = host.is_pinned() ? host.alias() : host.pin_memory();
        return pinned.to(device, non_blocking: true);
    }
}
