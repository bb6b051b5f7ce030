using static TorchSharp.torch;

namespace VeloGrad.Training.Loading;

/// <summary>Channels-last memory order for image batches. TorchSharp has no <c>memory_format</c> argument; this is
/// what PyTorch's <c>contiguous(memory_format=torch.channels_last)</c> produces: the NCHW shape over NHWC memory.</summary>
public static class MemoryOrder
{
    public static Tensor ChannelsLast(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var nhwc = images.permute(0, 2, 3, 1).contiguous();
        return nhwc.permute(0, 3, 1, 2);
    }

    /// <summary>Whether a 4-D tensor's memory is in channels-last order.</summary>
    public static bool IsChannelsLast(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4) return false;
        var (c, h, w) = (images.shape[1], images.shape[2], images.shape[3]);
        var strides = images.stride();
        return strides[1] == 1 && strides[3] == c && strides[2] == w * c && strides[0] == h * w * c;
    }
}
