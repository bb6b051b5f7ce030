using VeloGrad.Training.Models;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Models;

/// <summary>DeepOBS's VAE held to its definition: it reconstructs the grey image at the size it is given, its loss per
/// image is the squared reconstruction error plus the latent's KL divergence from N(0, I), and its randomness (latent
/// noise, dropout) comes from the generator it is handed.</summary>
public class VaeTests
{
    private static Vae Model()
    {
        var model = new Vae(32);
        ModelInitialization.Apply(model, 7, ConvolutionInit.PyTorchDefault);
        return model;
    }

    [Fact]
    public void The_loss_per_image_is_the_squared_error_plus_the_kl_divergence()
    {
        using var model = Model();
        model.eval();
        using var _ = no_grad();
        using var images = rand(3, 3, 32, 32);
        using var first = new Generator(5);
        var (reconstruction, mean, logStd, target) = model.Pass(images, first);
        Assert.Equal([3L, 1, 32, 32], reconstruction.shape);
        Assert.Equal([3L, Vae.Latent], mean.shape);
        Assert.True(target.allclose(images.mean([1], keepdim: true)));

        using var second = new Generator(5);
        using var losses = model.Losses(images, second);
        Assert.Equal([3L], losses.shape);
        for (int i = 0; i < 3; i++)
        {
            double error = (reconstruction[i] - target[i]).square().sum().item<float>();
            double kl = -0.5 * (1 + 2 * logStd[i] - mean[i].square() - (2 * logStd[i]).exp()).sum().item<float>();
            Assert.Equal(error + kl, losses[i].item<float>(), (error + kl) * 1e-5);
        }
    }

    [Fact]
    public void Its_randomness_comes_from_the_generator_it_is_given()
    {
        using var model = Model();
        model.train(); // dropout on
        using var images = rand(4, 3, 32, 32);
        using var a = new Generator(1);
        using var b = new Generator(1);
        using var c = new Generator(2);
        using var first = model.Losses(images, a);
        using var same = model.Losses(images, b);
        using var other = model.Losses(images, c);
        Assert.True(first.equal(same).all().item<bool>(), "the same generator seed gave other losses");
        Assert.False(first.equal(other).all().item<bool>(), "another generator seed gave the same losses: the noise is not drawn from it");
    }

    [Fact]
    public void Gradients_reach_every_parameter()
    {
        using var model = Model();
        model.train();
        using var images = rand(4, 3, 32, 32);
        using var noise = new Generator(3);
        using var loss = model.Losses(images, noise).mean();
        loss.backward();
        Assert.All(model.named_parameters(), p => Assert.True(p.parameter.grad is { } g && g.abs().sum().item<float>() > 0, $"{p.name} has no gradient"));
    }
}
