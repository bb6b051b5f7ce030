using System.Text.Json;
using TorchSharp.Modules;
using VeloGrad.Tests.Support;
using static TorchSharp.torch;
using static VeloGrad.Tests.Support.Tolerance;

namespace VeloGrad.Tests;

/// <summary>The optimizer reproduces trajectories of the reference implementation computed in float64.</summary>
public class GoldenTrajectoryTests
{
    public static TheoryData<string, VeloGradExecution> Cases()
    {
        var data = new TheoryData<string, VeloGradExecution>();
        foreach (var name in new[] { "defaults", "edges", "param_groups" })
            foreach (var execution in new[] { VeloGradExecution.PerTensor, VeloGradExecution.FusedCpu, VeloGradExecution.MultiTensor })
                data.Add(name, execution);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Replay_reproduces_every_step_and_the_final_state(string name, VeloGradExecution execution)
    {
        var golden = GoldenCase.Load(name);
        var parameters = golden.CreateParameters();
        using var optimizer = golden.CreateOptimizer(parameters);
        optimizer.Execution = execution;

        int stepIndex = 0;
        foreach (var step in golden.Steps)
        {
            var loss = step.GetProperty("loss");
            if (loss.ValueKind != JsonValueKind.Null) optimizer.SetLoss(loss.GetDouble());
            GoldenCase.AssignGradients(parameters, step);
            optimizer.step();

            var expected = step.GetProperty("expected_params");
            for (int i = 0; i < parameters.Count; i++)
                AssertClose(GoldenCase.Doubles(expected[i]), Values(parameters[i]), GoldenRelative, GoldenAbsolute, $"{name} step {stepIndex} param {i}");
            AssertClose(step.GetProperty("expected_loss_avg").GetDouble(), optimizer.LossAverage, GoldenRelative, GoldenAbsolute, $"{name} step {stepIndex} loss_avg");
            stepIndex++;
        }

        AssertFinalState(golden.Root.GetProperty("final_state"), parameters, optimizer, name);
    }

    [Theory]
    [InlineData(VeloGradExecution.PerTensor)]
    [InlineData(VeloGradExecution.FusedCpu)]
    [InlineData(VeloGradExecution.MultiTensor)]
    public void Rosenbrock_driven_through_autograd_follows_the_reference(VeloGradExecution execution)
    {
        var golden = GoldenCase.Load("rosenbrock");
        var root = golden.Root;
        var xy = new Parameter(tensor(GoldenCase.Doubles(root.GetProperty("start")), dtype: ScalarType.Float64));
        using var optimizer = new VeloGradOptimizer([xy], golden.Hyper) { Execution = execution };
        var trace = root.GetProperty("trace").EnumerateArray().ToDictionary(t => t.GetProperty("step").GetInt32());

        int steps = root.GetProperty("steps").GetInt32();
        for (int step = 1; step <= steps; step++)
        {
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                var x = xy[0];
                var y = xy[1];
                var f = (1 - x).square() + 100 * (y - x.square()).square();
                f.backward();
                optimizer.SetLoss(f.item<double>());
                optimizer.step();
            }
            if (trace.TryGetValue(step, out var expected))
            {
                AssertClose(GoldenCase.Doubles(expected.GetProperty("params")), Values(xy), GoldenRelative, GoldenAbsolute, $"rosenbrock step {step}");
                AssertClose(expected.GetProperty("loss_avg").GetDouble(), optimizer.LossAverage, GoldenRelative, GoldenAbsolute, $"rosenbrock step {step} loss_avg");
            }
        }
        Assert.Contains(steps, trace.Keys);
    }

    private static void AssertFinalState(JsonElement finalState, List<Parameter> parameters, VeloGradOptimizer optimizer, string name)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            var expected = finalState[i];
            var state = optimizer.GetState(parameters[i]);
            if (expected.ValueKind == JsonValueKind.Null)
            {
                Assert.False(state.IsInitialized, $"{name}: param {i} never stepped but has state.");
                continue;
            }
            Assert.Equal(expected.GetProperty("step").GetInt64(), state.Step);
            AssertClose(GoldenCase.Doubles(expected.GetProperty("exp_avg")), Values(state.ExpAvg!), GoldenRelative, GoldenAbsolute, $"{name} param {i} exp_avg");
            AssertClose(GoldenCase.Doubles(expected.GetProperty("exp_avg_sq")), Values(state.ExpAvgSq!), GoldenRelative, GoldenAbsolute, $"{name} param {i} exp_avg_sq");
            AssertClose(GoldenCase.Doubles(expected.GetProperty("prev_grad")), Values(state.PrevGrad!), GoldenRelative, GoldenAbsolute, $"{name} param {i} prev_grad");
            AssertClose(GoldenCase.Doubles(expected.GetProperty("slow_params")), Values(state.SlowParams!), GoldenRelative, GoldenAbsolute, $"{name} param {i} slow_params");
        }
    }
}
