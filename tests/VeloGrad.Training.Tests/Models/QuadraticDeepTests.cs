using VeloGrad.Training.Data;
using VeloGrad.Training.Models;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Models;

/// <summary>DeepOBS's noisy quadratic held to its definition and to DeepOBS's own instance: Q's spectrum, trace and extreme
/// eigenvalues as numpy's RandomState(42) draws them, the noise's numbers, DeepOBS's initial test loss 353.4468, and the loss
/// ½ (θ − x)ᵀ Q (θ − x) per sample from θ = 1.</summary>
public class QuadraticDeepTests
{
    [Fact]
    public void The_hessian_has_the_deep_learning_spectrum_and_is_a_rotation_of_it()
    {
        using var eigenvalues = QuadraticDeep.Eigenvalues();
        double[] drawn = eigenvalues.data<double>().ToArray();
        Assert.Equal(100, drawn.Length);
        Assert.All(drawn[..90], e => Assert.InRange(e, 0, 1));
        Assert.All(drawn[90..], e => Assert.InRange(e, 30, 60));

        using var hessian = QuadraticDeep.Hessian();
        Assert.Equal([100L, 100], hessian.shape);
        using (var asymmetry = (hessian - hessian.T).abs().max()) Assert.True(asymmetry.item<double>() < 1e-12, "Q is not symmetric");
        using var spectrum = linalg.eigvalsh(hessian); // ascending
        double[] found = spectrum.data<double>().ToArray();
        double[] expected = [.. drawn.Order()];
        for (int i = 0; i < 100; i++) Assert.Equal(expected[i], found[i], 1e-9);
        // Rotated: not diagonal (a diagonal Q would make the problem separable).
        using var offDiagonal = hessian - diag(hessian.diagonal());
        Assert.True(offDiagonal.abs().max().item<double>() > 1, "Q is (nearly) diagonal: the rotation is missing");
        // Fixed: the problem is the same in every process.
        using var again = QuadraticDeep.Hessian();
        Assert.True(hessian.equal(again).all().item<bool>());
    }

    [Fact]
    public void Q_is_DeepOBSs_own_trace_extreme_eigenvalues_and_first_draws()
    {
        // numpy 1.24 running DeepOBS's quadratic_deep.set_up: np.trace(Hessian), min/max of the drawn eigenvalues.
        using var hessian = QuadraticDeep.Hessian();
        Assert.Equal(477.612279595014, hessian.trace().item<double>(), 1e-9);
        using var eigenvalues = QuadraticDeep.Eigenvalues();
        Assert.Equal(0.005522117123602399, eigenvalues.min().item<double>(), 1e-15);
        Assert.Equal(53.12901539863683, eigenvalues.max().item<double>(), 1e-12);
        Assert.Equal(0.3745401188473625, eigenvalues[0].item<double>(), 1e-15);
        using var data = QuadraticNoise.Generate();
        float[] train = data.Train.Images.reshape(-1).narrow(0, 0, 3).data<float>().ToArray();
        float[] test = data.Test.Images.reshape(-1).narrow(0, 0, 3).data<float>().ToArray();
        Assert.Equal([0.2980285f, -0.08295858f, 0.38861313f], train);
        Assert.Equal([0.15443996f, -0.5450889f, -0.22710186f], test);
    }

    [Fact]
    public void The_test_loss_at_the_start_is_DeepOBSs_353_4468_evaluated_as_DeepOBS_does()
    {
        // DeepOBS evaluates the test set in batches of 128 with the remainder dropped (7 batches, 896 samples, in order)
        // and averages the batch means; its baselines' test_losses[0] is 353.44676426478793.
        using var model = new QuadraticDeep();
        using var data = QuadraticNoise.Generate();
        using var noise = new Generator(0);
        using var _ = no_grad();
        double sum = 0;
        for (int b = 0; b < 7; b++)
        {
            using var batch = data.Test.Images.narrow(0, b * 128, 128);
            using var losses = model.Losses(batch, noise);
            sum += losses.mean().item<float>();
        }
        Assert.Equal(353.4468, sum / 7, 1e-3);
    }

    [Fact]
    public void The_noise_is_a_thousand_fixed_draws_of_N_0_0_6_squared_in_100_dimensions_per_split()
    {
        using var data = QuadraticNoise.Generate();
        Assert.Equal([1000L, 1, 1, 100], data.Train.Images.shape);
        Assert.Equal([1000L, 1, 1, 100], data.Test.Images.shape);
        Assert.Equal(ScalarType.Float32, data.Train.Images.dtype);
        Assert.False(data.Train.Images.equal(data.Test.Images).all().item<bool>(), "the test noise is the training noise");
        foreach (var split in new[] { data.Train, data.Test })
        {
            using var values = split.Images.to(ScalarType.Float64);
            double mean = values.mean().item<double>(), std = values.std().item<double>();
            Assert.InRange(mean, -3 * 0.6 / Math.Sqrt(100_000), 3 * 0.6 / Math.Sqrt(100_000));
            Assert.InRange(std, 0.6 * 0.99, 0.6 * 1.01);
        }
        using var again = QuadraticNoise.Generate();
        Assert.Equal(data.Train.Checksum(), again.Train.Checksum());
        Assert.Equal(data.Test.Checksum(), again.Test.Checksum());
    }

    [Fact]
    public void The_loss_of_each_sample_is_half_the_quadratic_form_from_theta_equal_one()
    {
        using var model = new QuadraticDeep();
        using var data = QuadraticNoise.Generate();
        using var x = data.Test.Images.narrow(0, 0, 4);
        using var noise = new Generator(0);
        using var losses = model.Losses(x, noise);
        Assert.Equal([4L], losses.shape);

        using var hessian = QuadraticDeep.Hessian();
        using var samples = x.reshape(4, 100).to(ScalarType.Float64);
        for (int i = 0; i < 4; i++)
        {
            using var d = 1 - samples[i];
            double expected = 0.5 * d.dot(hessian.matmul(d)).item<double>();
            Assert.Equal(expected, losses[i].item<float>(), expected * 1e-5);
        }
        // θ is the only parameter, and it starts at 1.
        var parameters = model.parameters().ToList();
        Assert.Single(parameters);
        Assert.True(parameters[0].equal(ones(100)).all().item<bool>());
    }

    [Fact]
    public void At_theta_zero_the_mean_loss_over_the_noise_is_about_half_the_noise_variance_times_the_trace()
    {
        using var model = new QuadraticDeep();
        using (no_grad()) model.parameters().First().zero_();
        using var data = QuadraticNoise.Generate();
        using var noise = new Generator(0);
        using var losses = model.Losses(data.Train.Images, noise);
        using var hessian = QuadraticDeep.Hessian();
        double expected = 0.5 * 0.36 * hessian.trace().item<double>();
        Assert.InRange(losses.mean().item<float>(), expected * 0.95, expected * 1.05);
    }
}
