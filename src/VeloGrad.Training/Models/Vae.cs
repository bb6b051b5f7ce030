using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Training.Loading;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VeloGrad.Training.Models;

/// <summary>
/// DeepOBS's <c>net_vae</c> (fmnist_vae, mnist_vae) for square images of side S (a multiple of 4; DeepOBS's is 28), on the
/// grey image (the mean over channels: the one channel of (Fashion-)MNIST). Encoder: three 4×4 convolutions of 64 filters
/// (strides 2, 2, 1, TensorFlow "same" padding), each with leaky ReLU (0.3) and dropout 0.2, then dense layers to the
/// latent's mean and log-standard-deviation (½ × a dense layer), 8 dimensions, z = mean + ε·exp(log-std). Decoder: dense
/// layers of 24 and (S/4)² units (49) with leaky ReLU, three 4×4 transposed convolutions of 64 (strides 2, 1, 1, "same" as
/// DeepOBS's <c>tfconv2d_transpose</c>: the input padded, then the transposed convolution with padding k − 1), each with
/// ReLU and dropout 0.2, and a dense layer to the S² pixels with a sigmoid. Weights Xavier-uniform, biases 0. The loss per
/// image is DeepOBS's <c>vae_loss_function</c>: the squared reconstruction error summed over the pixels plus
/// −½ Σ (1 + 2 log σ − μ² − σ²). The forward pass returns the reconstruction.
/// </summary>
public sealed class Vae : Module<Tensor, Tensor>, ISelfScoringModel, ISelfInitializing
{
    public const int Latent = 8, Filters = 64, Kernel = 4;
    public const double LeakySlope = 0.3, DropoutRate = 0.2;

    private readonly int size;
    private readonly Conv2d conv1, conv2, conv3;
    private readonly ConvTranspose2d deconv1, deconv2, deconv3;
    private readonly Linear dense1, dense2, dense3, dense4, dense5;

    public Vae(int imageSize) : base(nameof(Vae))
    {
        if (imageSize % 4 != 0) throw new ArgumentException($"The VAE needs square images whose side is a multiple of 4 (got {imageSize}).", nameof(imageSize));
        size = imageSize;
        int quarter = imageSize / 4, half = imageSize / 2;
        conv1 = Conv2d(1, Filters, Kernel, stride: 2);
        conv2 = Conv2d(Filters, Filters, Kernel, stride: 2);
        conv3 = Conv2d(Filters, Filters, Kernel, stride: 1);
        dense1 = Linear(Filters * quarter * quarter, Latent);
        dense2 = Linear(Filters * quarter * quarter, Latent);
        dense3 = Linear(Latent, 24);
        dense4 = Linear(24, quarter * quarter);
        deconv1 = ConvTranspose2d(1, Filters, Kernel, stride: 2, padding: Kernel - 1);
        deconv2 = ConvTranspose2d(Filters, Filters, Kernel, stride: 1, padding: Kernel - 1);
        deconv3 = ConvTranspose2d(Filters, Filters, Kernel, stride: 1, padding: Kernel - 1);
        dense5 = Linear(Filters * half * half, imageSize * imageSize);
        RegisterComponents();
    }

    public void Initialize(Generator generator)
    {
        foreach (Module layer in new Module[] { conv1, conv2, conv3, deconv1, deconv2, deconv3, dense1, dense2, dense3, dense4, dense5 })
            DeepObsInitialization.Layer(layer, w => DeepObsInitialization.XavierUniform(w, generator), bias: 0);
    }

    /// <summary>The reconstruction [B, 1, S, S] of the grey input, its latent and dropout drawn from <paramref name="noise"/>.</summary>
    public (Tensor Reconstruction, Tensor Mean, Tensor LogStd, Tensor Target) Pass(Tensor input, Generator noise)
    {
        ArgumentNullException.ThrowIfNull(input);
        var target = input.shape[1] == 1 ? input : input.mean([1], keepdim: true);
        var x = Dropout(functional.leaky_relu(conv1.call(TfSamePadding.Pad(target, Kernel, 2)), LeakySlope), noise);
        x = Dropout(functional.leaky_relu(conv2.call(TfSamePadding.Pad(x, Kernel, 2)), LeakySlope), noise);
        x = Dropout(functional.leaky_relu(conv3.call(TfSamePadding.Pad(x, Kernel, 1)), LeakySlope), noise);
        x = x.flatten(1);
        var mu = dense1.call(x);
        var logStd = 0.5 * dense2.call(x);
        var z = mu + DeviceUpload.To(randn(mu.shape, dtype: mu.dtype, generator: noise), mu.device) * logStd.exp();
        var y = functional.leaky_relu(dense3.call(z), LeakySlope);
        y = functional.leaky_relu(dense4.call(y), LeakySlope).view(-1, 1, size / 4, size / 4);
        y = Dropout(functional.relu(deconv1.call(Inverse(y, 2))), noise);
        y = Dropout(functional.relu(deconv2.call(Inverse(y, 1))), noise);
        y = Dropout(functional.relu(deconv3.call(Inverse(y, 1))), noise);
        var reconstruction = functional.sigmoid(dense5.call(y.flatten(1))).view(-1, 1, size, size);
        return (reconstruction, mu, logStd, target);
    }

    public Tensor Losses(Tensor input, Generator noise)
    {
        using var scope = NewDisposeScope();
        var (reconstruction, mu, logStd, target) = Pass(input, noise);
        var image = (reconstruction - target).square().flatten(1).sum(1);
        var latent = -0.5 * (1 + 2 * logStd - mu.square() - (2 * logStd).exp()).sum(1);
        return (image + latent).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input)
    {
        using var noise = new Generator(0);
        using var scope = NewDisposeScope();
        return Pass(input, noise).Reconstruction.MoveToOuterDisposeScope();
    }

    /// <summary>DeepOBS's tfconv2d_transpose "same": the input padded so that the transposed convolution (padding k − 1)
    /// gives stride × the input's size.</summary>
    private static Tensor Inverse(Tensor x, int stride) =>
        functional.pad(x, TfSamePadding.Inverse(x.shape[^2], x.shape[^1], Kernel, stride));

    /// <summary>Inverted dropout with its mask drawn from <paramref name="noise"/> (training only).</summary>
    private Tensor Dropout(Tensor x, Generator noise)
    {
        if (!training) return x;
        var keep = DeviceUpload.To(rand(x.shape, dtype: x.dtype, generator: noise), x.device).ge(DropoutRate);
        return x * keep / (1 - DropoutRate);
    }
}
