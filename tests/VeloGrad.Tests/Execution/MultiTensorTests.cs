using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Components;
using VeloGrad.Execution;
using VeloGrad.MixedPrecision;
using static TorchSharp.torch;

namespace VeloGrad.Tests.Execution;

/// <summary>The multi-tensor strategy: a fixed number of calls per step, nothing moved between host and device, tensors left out when they have no gradient.</summary>
public class MultiTensorTests(ITestOutputHelper output)
{
    /// <summary>Tensor handles a steady-state step creates in .NET: every call into libtorch from .NET that returns a
    /// tensor makes one, so equal counts mean the same calls whatever the number of tensors (inside the TorchScript
    /// calls, each <c>_foreach_*</c> operation is one multi-tensor kernel on CUDA).</summary>
    private static (long Plain, long LookaheadDue) HandlesPerStep(int tensors, string device)
    {
        var parameters = Enumerable.Range(0, tensors).Select(i => new Parameter(randn(1 + i % 5, device: device))).ToList();
        using var optimizer = new VeloGradOptimizer(parameters, new VeloGradOptions { LookaheadInterval = 2 }) { Execution = VeloGradExecution.MultiTensor };
        optimizer.SetLoss(randn(1, device: device).squeeze()); // the loss average on the device, as velograd train feeds it
        long Step()
        {
            foreach (var p in parameters) p.grad = randn_like(p).DetachFromDisposeScope();
            // Tensors this thread created in dispose scopes during the step (the step opens its own; the statistics
            // are per thread, so tests running alongside do not count).
            var statistics = DisposeScopeManager.Statistics.TensorStatistics;
            long before = statistics.CreatedInScopeCount;
            optimizer.step();
            // Reading each parameter's gradient makes one wrapper per tensor (no libtorch operation): not counted.
            return statistics.CreatedInScopeCount - before - tensors;
        }
        Step(); // first step: the state starts
        long due = Step(); // step 2: lookahead due
        long plain = Step();
        return (plain, due);
    }

    [Fact]
    public void A_step_issues_as_many_operations_for_1000_tensors_as_for_10()
    {
        var ten = HandlesPerStep(10, "cpu");
        var thousand = HandlesPerStep(1000, "cpu");
        output.WriteLine($"tensor handles made in .NET per step, besides reading the gradients: {ten.Plain} ({ten.LookaheadDue} with lookahead due) for 10 tensors, {thousand.Plain} ({thousand.LookaheadDue}) for 1,000");
        Assert.InRange(ten.Plain, 5, 60);
        Assert.Equal(ten, thousand);
    }

    [Fact]
    public void Steps_read_nothing_back_and_send_nothing_once_the_layout_exists()
    {
        // On the meta device every read-back throws, so a whole step there proves it reads nothing; the only host
        // data a step sends is a new list's segment ids, counted by the layout.
        HandlesPerStep(7, "meta");
        var parameters = Enumerable.Range(0, 6).Select(i => new Parameter(randn(2 + i, device: "meta"))).ToList();
        using var optimizer = new VeloGradOptimizer(parameters) { Execution = VeloGradExecution.MultiTensor };
        optimizer.SetLoss(randn(1, device: "meta").squeeze());
        void Step(IEnumerable<Parameter> withGradient)
        {
            foreach (var p in withGradient) p.grad = randn_like(p).DetachFromDisposeScope();
            optimizer.step();
            optimizer.zero_grad();
        }
        Step(parameters);
        long afterFirst = optimizer.MultiTensorLayoutsCreated;
        for (int i = 0; i < 6; i++) Step(parameters);
        Assert.True(optimizer.MultiTensorLayoutsCreated == afterFirst, "steady steps sent segment ids to the device");
        Assert.All(parameters, p => Assert.Equal(7, optimizer.GetState(p).Step));
    }

    [Fact]
    public void Tensors_without_a_gradient_are_left_out_and_step_counts_diverge_without_harm()
    {
        var (reference, multi) = (Parameters(9), Parameters(9));
        using var perTensor = new VeloGradOptimizer(reference) { Execution = VeloGradExecution.PerTensor };
        using var multiTensor = new VeloGradOptimizer(multi) { Execution = VeloGradExecution.MultiTensor };
        for (int step = 0; step < 12; step++)
        {
            var generator = new Generator((ulong)step + 100);
            var grads = reference.Select(p => randn(p.shape, dtype: ScalarType.Float64, generator: generator)).ToList();
            foreach (var (optimizer, parameters) in new[] { (perTensor, reference), (multiTensor, multi) })
            {
                optimizer.zero_grad();
                optimizer.SetLoss(0.5 + step % 3);
                for (int i = 0; i < parameters.Count; i++)
                    if ((i + step) % 3 != 0) parameters[i].grad = grads[i].clone(); // each tensor skips every third step
                optimizer.step();
            }
        }
        for (int i = 0; i < reference.Count; i++)
        {
            Assert.Equal(perTensor.GetState(reference[i]).Step, multiTensor.GetState(multi[i]).Step);
            Assert.True(reference[i].allclose(multi[i], rtol: 1e-12, atol: 1e-14), $"parameter {i} differs");
        }
    }

    private static List<Parameter> Parameters(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Parameter(ones([1 + i % 4, 3], dtype: ScalarType.Float64) * (0.1 * (i + 1))))];

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
