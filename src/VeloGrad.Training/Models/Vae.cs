using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Training.Loading;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>
/// DeepOBS's fmnist_vae for square images of side S (a multiple of 4), on the grey image (the mean over channels:
/// Fashion-MNIST's one channel as served). Encoder: three 4×4 convolutions of 64 filters (strides 2, 2, 1), each with
/// leaky ReLU (0.3) and dropout 0.2, then dense layers to the latent's mean and log-standard-deviation (½ × a dense
/// layer), 8 dimensions. Decoder: dense layers of 24 and (S/4)² units with leaky ReLU, a 4×4 transposed convolution of
/// 64 (stride 2), two 4×4 convolutions of 64 with "same" padding (DeepOBS's stride-1 transposed convolutions: the
/// same family of maps), ReLU and dropout 0.2 after each, and a dense layer to the S² pixels. The per-image loss is
/// DeepOBS's: squared reconstruction error summed over the pixels plus the KL divergence of the latent from N(0, I).
/// Unlike DeepOBS the output has no sigmoid, so that any normalisation of the input can be reconstructed; the
/// fmnist-vae workload serves pixels in [0, 1] as DeepOBS does. The forward pass returns the reconstruction.
/// </summary>
public sealed class Vae : Module<Tensor, Tensor>, ISelfScoringModel
{
    public const int Latent = 8, Filters = 64;
    public const double LeakySlope = 0.3, DropoutRate = 0.2;

    private readonly int size;
    private readonly Conv2d conv1, conv2, conv3, deconv2, deconv3;
    private readonly ConvTranspose2d deconv1;
    private readonly Linear mean, logStd, dense1, dense2, pixels;

    public Vae(int imageSize) : base(nameof(Vae))
    {
        if (imageSize % 4 != 0) throw new ArgumentException($"The VAE needs square images whose side is a multiple of 4 (got {imageSize}).", nameof(imageSize));
        size = imageSize;
        int quarter = imageSize / 4, half = imageSize / 2;
        conv1 = Conv2d(1, Filters, 4, stride: 2, padding: 1);
        conv2 = Conv2d(Filters, Filters, 4, stride: 2, padding: 1);
        conv3 = Conv2d(Filters, Filters, 4);
        mean = Linear(Filters * quarter * quarter, Latent);
        logStd = Linear(Filters * quarter * quarter, Latent);
        dense1 = Linear(Latent, 24);
        dense2 = Linear(24, quarter * quarter);
        deconv1 = ConvTranspose2d(1, Filters, 4, stride: 2, padding: 1);
        deconv2 = Conv2d(Filters, Filters, 4);
        deconv3 = Conv2d(Filters, Filters, 4);
        pixels = Linear(Filters * half * half, imageSize * imageSize);
        RegisterComponents();
    }

    /// <summary>The reconstruction [B, 1, S, S] of the grey input, its latent drawn from <paramref name="noise"/>.</summary>
    public (Tensor Reconstruction, Tensor Mean, Tensor LogStd, Tensor Target) Pass(Tensor input, Generator noise)
    {
        ArgumentNullException.ThrowIfNull(input);
        var target = input.mean([1], keepdim: true);
        var x = Dropout(functional.leaky_relu(conv1.call(target), LeakySlope), noise);
        x = Dropout(functional.leaky_relu(conv2.call(x), LeakySlope), noise);
        x = Dropout(functional.leaky_relu(conv3.call(Same(x)), LeakySlope), noise);
        x = x.flatten(1);
        var mu = mean.call(x);
        var sigmaLog = 0.5 * logStd.call(x);
        var z = mu + DeviceUpload.To(randn(mu.shape, dtype: mu.dtype, generator: noise), mu.device) * sigmaLog.exp();
        var y = functional.leaky_relu(dense1.call(z), LeakySlope);
        y = functional.leaky_relu(dense2.call(y), LeakySlope).view(-1, 1, size / 4, size / 4);
        y = Dropout(functional.relu(deconv1.call(y)), noise);
        y = Dropout(functional.relu(deconv2.call(Same(y))), noise);
        y = Dropout(functional.relu(deconv3.call(Same(y))), noise);
        var reconstruction = pixels.call(y.flatten(1)).view(-1, 1, size, size);
        return (reconstruction, mu, sigmaLog, target);
    }

    public Tensor Losses(Tensor input, Generator noise)
    {
        using var scope = NewDisposeScope();
        var (reconstruction, mu, sigmaLog, target) = Pass(input, noise);
        var image = (reconstruction - target).square().flatten(1).sum(1);
        var latent = -0.5 * (1 + 2 * sigmaLog - mu.square() - (2 * sigmaLog).exp()).sum(1);
        return (image + latent).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input)
    {
        using var noise = new Generator(0);
        using var scope = NewDisposeScope();
        return Pass(input, noise).Reconstruction.MoveToOuterDisposeScope();
    }

    /// <summary>"Same" padding for a 4×4 kernel at stride 1, as TensorFlow and PyTorch place it (one row and column before,
    /// two after), done here: left to libtorch, it warns that it pads an even kernel by copying the input.</summary>
    private static Tensor Same(Tensor x) => functional.pad(x, [1, 2, 1, 2]);

    /// <summary>Inverted dropout with its mask drawn from <paramref name="noise"/> (training only).</summary>
    private Tensor Dropout(Tensor x, Generator noise)
    {
        if (!training) return x;
        var keep = DeviceUpload.To(rand(x.shape, dtype: x.dtype, generator: noise), x.device).ge(DropoutRate);
        return x * keep / (1 - DropoutRate);
    }
}
