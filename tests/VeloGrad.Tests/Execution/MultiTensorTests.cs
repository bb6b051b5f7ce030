using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Components;
using VeloGrad.Execution;
using VeloGrad.MixedPrecision;
using static TorchSharp.torch;

namespace VeloGrad.Tests.Execution;

/// <summary>The multi-tensor strategy: a fixed number of operations per step, ordinary parameters for everyone else.</summary>
public class MultiTensorTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Tensor handles a steady-state step creates: every out-of-place operation makes one, so equal counts
    /// mean the same operations whatever the number of tensors. (libtorch 2.10 has no meta kernels for where and
    /// index_select, so this runs on the CPU.)</summary>
    private static (long Plain, long LookaheadDue) HandlesPerStep(int tensors)
    {
        var parameters = Enumerable.Range(0, tensors).Select(i => new Parameter(randn(1 + i % 5))).ToList();
        var states = parameters.Select(p => new VeloGradParameterState(p)).ToList();
        using var group = FlatGroup.Create(parameters, states, VeloGradComponents.All);
        using var grad = randn(parameters.Sum(p => p.numel()));
        var h = StepHyperparameters.From(new VeloGradOptions { LookaheadInterval = 2 });
        var active = Enumerable.Repeat(true, tensors).ToArray();
        long Step()
        {
            // This thread's live tensors before and after, inside the step's scope: the temporaries it made are all
            // still alive (other tests run on other threads at the same time).
            using var scope = NewDisposeScope();
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            MultiTensorStep.Run(group, grad, active, h, new LossFactor(0.5, null));
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        }
        using (no_grad())
        {
            Step(); // first step: the states attach to the buffers
            long due = Step(); // step 2: lookahead due
            long plain = Step();
            return (plain, due);
        }
    }

    [Fact]
    public void A_step_issues_as_many_operations_for_1000_tensors_as_for_10()
    {
        var ten = HandlesPerStep(10);
        var thousand = HandlesPerStep(1000);
        output.WriteLine($"tensor operations per step: {ten.Plain} ({ten.LookaheadDue} with lookahead due) for 10 tensors, {thousand.Plain} ({thousand.LookaheadDue}) for 1,000");
        Assert.InRange(ten.Plain, 20, 200);
        Assert.Equal(ten, thousand);
    }

    [Fact]
    public void Modules_state_dict_and_saved_models_see_ordinary_parameters_that_the_step_updates_in_place()
    {
        static Sequential Model() => nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3));
        using var model = Model();
        using var twin = Model();
        // The twin starts from the same values (torch's global generator is shared with tests running alongside).
        using (no_grad())
            foreach (var (a, b) in model.parameters().Zip(twin.parameters())) b.copy_(a);
        using var multi = new VeloGradOptimizer(model.parameters()) { Execution = VeloGradExecution.MultiTensor };
        using var simple = new VeloGradOptimizer(twin.parameters()) { Execution = VeloGradExecution.PerTensor };
        var names = model.state_dict().Keys.ToList();
        for (int step = 0; step < 7; step++)
        {
            var generator = new Generator((ulong)step);
            using var x = randn([8, 6], generator: generator);
            using var y = randint(0, 3, [8], generator: generator);
            foreach (var (m, o) in new[] { (model, multi), (twin, simple) })
            {
                using var _ = NewDisposeScope();
                o.zero_grad();
                var loss = nn.functional.cross_entropy(m.call(x), y);
                loss.backward();
                o.SetLoss(loss.item<float>());
                o.step();
            }
        }
        Assert.Equal(names, model.state_dict().Keys.ToList());
        foreach (var (a, b) in model.parameters().Zip(twin.parameters()))
        {
            Assert.True(a.is_leaf && a.requires_grad);
            Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-7), "multi-tensor and per-tensor steps differ");
        }
        string file = Path.Combine(Path.GetTempPath(), $"velograd-multi-{Environment.ProcessId}.bin");
        try
        {
            model.save(file);
            using var loaded = Model();
            loaded.load(file);
            foreach (var (a, b) in model.parameters().Zip(loaded.parameters())) Assert.True(a.eq(b).all().item<bool>());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void With_mixed_precision_the_float32_master_weights_and_state_stay_float32()
    {
        random.manual_seed(4);
        using var model = nn.Sequential(nn.Conv2d(3, 16, 3, padding: 1), nn.BatchNorm2d(16), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 8 * 8, 4));
        using var optimizer = new VeloGradOptimizer(model.parameters()) { Execution = VeloGradExecution.MultiTensor };
        for (int step = 0; step < 3; step++)
        {
            using var _ = NewDisposeScope();
            optimizer.zero_grad();
            Tensor logits;
            using (Autocast.Enable(DeviceType.CPU, ScalarType.BFloat16)) logits = model.call(randn(4, 3, 8, 8));
            var loss = nn.functional.cross_entropy(logits.to(ScalarType.Float32), tensor(new long[] { 0, 1, 2, 3 }));
            loss.backward();
            optimizer.SetLoss(loss.item<float>());
            optimizer.step();
        }
        Assert.All(model.parameters(), p =>
        {
            var state = optimizer.GetState(p);
            Assert.Equal(3, state.Step);
            Assert.All(new[] { p, state.ExpAvg!, state.ExpAvgSq!, state.PrevGrad!, state.SlowParams! }, t => Assert.Equal(ScalarType.Float32, t.dtype));
            Assert.True(p.isfinite().all().item<bool>());
        });
    }

    [Fact]
    public void Asked_for_a_group_it_cannot_take_it_throws_naming_it_and_changes_nothing()
    {
        using var half = new Parameter(ones(4, dtype: ScalarType.BFloat16));
        using var optimizer = new VeloGradOptimizer([half]) { Execution = VeloGradExecution.MultiTensor };
        half.grad = ones(4, dtype: ScalarType.BFloat16);
        var error = Assert.Throws<NotSupportedException>(() => optimizer.step());
        Assert.Contains("group 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, optimizer.GetState(half).Step);
    }
}
