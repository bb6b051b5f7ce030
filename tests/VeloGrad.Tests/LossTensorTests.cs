using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Tests.Support;
using static TorchSharp.torch;
using static VeloGrad.Tests.Support.Tolerance;

namespace VeloGrad.Tests;

/// <summary>SetLoss(Tensor): the same average and steps as SetLoss(double), without reading the device.</summary>
public class LossTensorTests
{
    [Theory]
    [InlineData(VeloGradExecution.PerTensor)]
    [InlineData(VeloGradExecution.FusedCpu)]
    public void Feeding_tensors_gives_the_same_average_and_trajectory_as_feeding_doubles(VeloGradExecution execution)
    {
        var golden = GoldenCase.Load("defaults");
        var withDoubles = golden.CreateParameters();
        var withTensors = golden.CreateParameters();
        using var a = golden.CreateOptimizer(withDoubles);
        using var b = golden.CreateOptimizer(withTensors);
        a.Execution = b.Execution = execution;
        foreach (var step in golden.Steps)
        {
            var loss = step.GetProperty("loss");
            if (loss.ValueKind != System.Text.Json.JsonValueKind.Null)
            {
                a.SetLoss(loss.GetDouble());
                b.SetLoss(tensor(loss.GetDouble(), ScalarType.Float64));
            }
            GoldenCase.AssignGradients(withDoubles, step);
            GoldenCase.AssignGradients(withTensors, step);
            a.step();
            b.step();
            Assert.Equal(a.LossAverage, b.LossAverage);
            for (int i = 0; i < withDoubles.Count; i++)
                AssertClose(Values(withDoubles[i]), Values(withTensors[i]), 1e-15, 1e-18, $"param {i}");
        }
    }

    [Fact]
    public void A_non_finite_loss_tensor_leaves_the_average_unchanged_and_it_survives_save_and_load()
    {
        using var p = new Parameter(zeros(3));
        using var optimizer = new VeloGradOptimizer([p]);
        optimizer.SetLoss(tensor(2.0f));
        double before = optimizer.LossAverage;
        optimizer.SetLoss(tensor(float.NaN));
        optimizer.SetLoss(tensor(float.PositiveInfinity));
        Assert.Equal(before, optimizer.LossAverage);
        optimizer.SetLoss(3.0); // a double after tensors updates the device average
        Assert.Equal(0.99 * before + 0.01 * 3.0, optimizer.LossAverage, 15);

        using var copy = new VeloGradOptimizer([new Parameter(zeros(3))]);
        copy.load_state_dict(optimizer.state_dict());
        Assert.Equal(optimizer.LossAverage, copy.LossAverage);
        Assert.Throws<ArgumentException>(() => optimizer.SetLoss(ones(2)));
    }

    [Fact]
    public void Feeding_a_device_loss_and_stepping_never_reads_the_device()
    {
        // On the meta device any read-back fails: the loss average and the loss-aware factors stay there.
        var meta = new Device(DeviceType.META);
        var parameters = SyntheticProblem.Shapes.Select(s => new Parameter(empty(s, device: meta))).ToList();
        using var optimizer = new VeloGradOptimizer(parameters, new VeloGradOptions
        {
            LookaheadInterval = 2,
            Components = VeloGradComponents.All & ~VeloGradComponents.DirectionalMomentum, // no meta kernel for dot
        });
        for (int step = 0; step < 3; step++)
        {
            foreach (var p in parameters) p.grad = empty(p.shape, device: meta);
            optimizer.SetLoss(empty([], device: meta));
            optimizer.step();
        }
        Assert.All(parameters, p => Assert.Equal(3, optimizer.GetState(p).Step));
    }
}
