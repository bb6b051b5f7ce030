using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Tests.Support;
using static TorchSharp.torch;
using static VeloGrad.Tests.Support.Tolerance;

namespace VeloGrad.Tests;

public class OptimizerBehaviourTests
{
    [Fact]
    public void Step_with_a_closure_evaluates_it_with_gradients_and_returns_its_loss()
    {
        using var model = nn.Linear(3, 1);
        using var optimizer = new VeloGradOptimizer(model.parameters());
        using var x = ones(4, 3);
        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        int calls = 0;
        var loss = optimizer.step(() =>
        {
            calls++;
            optimizer.zero_grad();
            var l = model.forward(x).square().mean();
            l.backward();
            return l;
        });
        Assert.Equal(1, calls);
        Assert.NotNull(loss);
        Assert.All(model.parameters().Zip(before), pair => Assert.False(Identical(pair.First, pair.Second)));
    }

    [Fact]
    public void Zero_grad_clears_gradients_to_none_by_default_and_to_zeros_on_request()
    {
        using var p = new Parameter(ones(3));
        using var optimizer = new VeloGradOptimizer([p]);
        p.grad = ones(3);
        optimizer.zero_grad(setToNone: false);
        Assert.Equal(0.0f, p.grad!.abs().sum().item<float>());
        optimizer.zero_grad();
        Assert.Null(p.grad);
    }

    [Fact]
    public void State_is_four_tensors_per_parameter_created_at_its_first_step_with_its_dtype_and_device()
    {
        var parameters = SyntheticProblem.Parameters(SyntheticProblem.InitialValues(seed: 2), ScalarType.Float32);
        using var optimizer = new VeloGradOptimizer(parameters);
        Assert.All(parameters, p => Assert.False(optimizer.GetState(p).IsInitialized));
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (NewDisposeScope())
        {
            SyntheticProblem.Assign(parameters, SyntheticProblem.Gradients(seed: 2, step: 0));
            optimizer.step();
            foreach (var p in parameters) p.grad = null;
        }
        Assert.Equal(4 * parameters.Count, DisposeScopeManager.Statistics.ThreadTotalLiveCount - live);
        foreach (var p in parameters)
        {
            var s = optimizer.GetState(p);
            foreach (var t in new[] { s.ExpAvg!, s.ExpAvgSq!, s.PrevGrad!, s.SlowParams! })
                Assert.True(t.dtype == p.dtype && t.device_type == p.device_type && t.shape.SequenceEqual(p.shape));
        }
    }

    [Fact]
    public void A_thousand_steps_leave_no_tensor_behind()
    {
        using var model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4));
        using var optimizer = new VeloGradOptimizer(model.parameters());
        using var x = randn(32, 8);
        using var y = randint(0, 4, [32]);
        void Step()
        {
            using var _ = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(x), y);
            loss.backward();
            optimizer.SetLoss(loss.item<float>());
            optimizer.step();
        }

        for (int i = 0; i < 10; i++) Step();
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 1000; i++) Step();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Theory]
    [InlineData(ScalarType.Float32, 1e-5)]
    [InlineData(ScalarType.BFloat16, 2e-2)]
    public void Lower_precision_parameters_follow_the_float64_trajectory(ScalarType dtype, double tolerance)
    {
        var values = SyntheticProblem.InitialValues(seed: 9);
        var exact = SyntheticProblem.Parameters(values);
        var low = SyntheticProblem.Parameters(values, dtype);
        using var exactOptimizer = new VeloGradOptimizer(exact, new VeloGradOptions { LearningRate = 0.01 });
        using var lowOptimizer = new VeloGradOptimizer(low, new VeloGradOptions { LearningRate = 0.01 });
        for (int step = 0; step < 15; step++)
        {
            var grads = SyntheticProblem.Gradients(seed: 9, step);
            foreach (var (optimizer, parameters) in new[] { (exactOptimizer, exact), (lowOptimizer, low) })
            {
                optimizer.SetLoss(1.3);
                SyntheticProblem.Assign(parameters, grads);
                optimizer.step();
            }
        }
        for (int i = 0; i < exact.Count; i++)
        {
            Assert.Equal(dtype, low[i].dtype);
            Assert.Equal(dtype, lowOptimizer.GetState(low[i]).ExpAvg!.dtype);
            AssertClose(Values(exact[i]), Values(low[i]), tolerance, tolerance, $"{dtype} param {i}");
        }
    }

    [Fact]
    public void Moving_the_state_to_the_parameters_device_keeps_it_and_training_continues()
    {
        var values = SyntheticProblem.InitialValues(seed: 4);
        var parameters = SyntheticProblem.Parameters(values);
        using var optimizer = new VeloGradOptimizer(parameters);
        SyntheticProblem.Assign(parameters, SyntheticProblem.Gradients(seed: 4, step: 0));
        optimizer.step();
        var before = optimizer.GetState(parameters[0]).ExpAvg!.clone();
        optimizer.to(CPU);
        Assert.True(Identical(before, optimizer.GetState(parameters[0]).ExpAvg!));
        SyntheticProblem.Assign(parameters, SyntheticProblem.Gradients(seed: 4, step: 1));
        optimizer.step();
        Assert.Equal(2, optimizer.GetState(parameters[0]).Step);
    }

    [Fact]
    public void A_step_never_reads_a_value_back_to_the_host()
    {
        // Tensors on the meta device have shapes but no values: any host read (item, ToDouble, a data-dependent
        // branch) throws there, so steps on meta tensors prove the step is free of device syncs. libtorch has no
        // meta kernel for dot, so directional momentum sits out; its cosine is dot / (norm · norm + eps), all tensors.
        var parameters = SyntheticProblem.Shapes.Select(s => new Parameter(empty(s, device: new Device(DeviceType.META)))).ToList();
        using var optimizer = new VeloGradOptimizer(parameters, new VeloGradOptions
        {
            LookaheadInterval = 2,
            Components = VeloGradComponents.All & ~VeloGradComponents.DirectionalMomentum,
        });
        for (int step = 0; step < 4; step++)
        {
            foreach (var p in parameters) p.grad = empty(p.shape, device: p.device);
            optimizer.SetLoss(1.5);
            optimizer.step();
        }
        Assert.All(parameters, p => Assert.Equal(4, optimizer.GetState(p).Step));
        Assert.All(parameters, p => Assert.Equal(DeviceType.META, optimizer.GetState(p).SlowParams!.device_type));
    }
}
