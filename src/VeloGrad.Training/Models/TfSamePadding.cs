using static TorchSharp.torch;

namespace VeloGrad.Training.Models;

/// <summary>
/// TensorFlow's "same" padding as DeepOBS's PyTorch code computes it (<c>_determine_padding_from_tf_same</c> and
/// <c>_determine_inverse_padding_from_tf_same</c>): the output is ⌈input / stride⌉ (a convolution, a pooling) or
/// input × stride (a transposed convolution), and the padding it takes is split with the odd pixel after, so it can be
/// asymmetric, which PyTorch's own padding cannot be. The zeros are padded explicitly with <c>F.pad</c>, as DeepOBS does
/// (before a max-pooling too: after a ReLU the values are ≥ 0, so zeros never win).
/// </summary>
public static class TfSamePadding
{
    /// <summary>(left, right, top, bottom) for a convolution or pooling of <paramref name="kernel"/> at <paramref name="stride"/>.</summary>
    public static long[] Forward(long height, long width, int kernel, int stride)
    {
        long outHeight = (height + stride - 1) / stride, outWidth = (width + stride - 1) / stride;
        return Split(Math.Max((outHeight - 1) * stride + kernel - height, 0), Math.Max((outWidth - 1) * stride + kernel - width, 0));
    }

    /// <summary>(left, right, top, bottom) before a transposed convolution whose own padding is kernel − 1.</summary>
    public static long[] Inverse(long height, long width, int kernel, int stride) =>
        Split(Math.Max((height - 1) * stride + kernel - height * stride, 0), Math.Max((width - 1) * stride + kernel - width * stride, 0));

    /// <summary><paramref name="x"/> [B, C, H, W] padded for a "same" convolution or pooling.</summary>
    public static Tensor Pad(Tensor x, int kernel, int stride) => nn.functional.pad(x, Forward(x.shape[^2], x.shape[^1], kernel, stride));

    private static long[] Split(long alongHeight, long alongWidth) =>
        [alongWidth / 2, alongWidth - alongWidth / 2, alongHeight / 2, alongHeight - alongHeight / 2];
}
