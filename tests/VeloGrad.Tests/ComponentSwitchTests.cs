using VeloGrad.Tests.Support;
using static VeloGrad.Tests.Support.Tolerance;

namespace VeloGrad.Tests;

/// <summary>Each part switches off on its own, and the optimizer then matches the scalar port with the same switch.</summary>
public class ComponentSwitchTests
{
    public static TheoryData<VeloGradComponents> Combinations()
    {
        var data = new TheoryData<VeloGradComponents> { VeloGradComponents.All, VeloGradComponents.None };
        foreach (var part in Enum.GetValues<VeloGradComponents>().Where(c => c is not (VeloGradComponents.All or VeloGradComponents.None)))
        {
            data.Add(VeloGradComponents.All & ~part);
            data.Add(part);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Optimizer_matches_the_scalar_reference_with_the_same_components(VeloGradComponents components)
    {
        var options = new VeloGradOptions { LearningRate = 0.01, WeightDecay = 0.05, LookaheadInterval = 3, Components = components };
        var values = SyntheticProblem.InitialValues(seed: 7);
        var parameters = SyntheticProblem.Parameters(values);
        using var optimizer = new VeloGradOptimizer(parameters, options);
        var reference = new ScalarReferenceVeloGrad(options);

        for (int step = 0; step < 20; step++)
        {
            var grads = SyntheticProblem.Gradients(seed: 7, step);
            double loss = 2.5 / (1 + step) + (step == 5 ? 40 : 0);
            if (step % 5 != 4)
            {
                optimizer.SetLoss(loss);
                reference.SetLoss(loss);
            }
            SyntheticProblem.Assign(parameters, grads);
            optimizer.step();
            for (int i = 0; i < values.Length; i++)
            {
                reference.Step(values[i], grads[i]);
                AssertClose(values[i], Values(parameters[i]), 1e-12, 1e-14, $"{components} step {step} param {i}");
            }
        }
    }

    [Fact]
    public void Switching_off_any_part_changes_the_trajectory()
    {
        var full = Run(VeloGradComponents.All);
        foreach (var part in Enum.GetValues<VeloGradComponents>().Where(c => c is not (VeloGradComponents.All or VeloGradComponents.None)))
        {
            var without = Run(VeloGradComponents.All & ~part);
            Assert.True(full.Zip(without).Any(pair => Math.Abs(pair.First - pair.Second) > 1e-9), $"Switching off {part} changed nothing.");
        }
    }

    [Fact]
    public void The_scalar_reference_itself_reproduces_the_golden_defaults()
    {
        var golden = GoldenCase.Load("defaults");
        var reference = new ScalarReferenceVeloGrad(golden.Hyper);
        var values = golden.Root.GetProperty("params").EnumerateArray().Select(p => GoldenCase.Doubles(p.GetProperty("data"))).ToArray();
        foreach (var step in golden.Steps)
        {
            if (step.GetProperty("loss").ValueKind != System.Text.Json.JsonValueKind.Null) reference.SetLoss(step.GetProperty("loss").GetDouble());
            var grads = step.GetProperty("grads");
            for (int i = 0; i < values.Length; i++)
                reference.Step(values[i], grads[i].ValueKind == System.Text.Json.JsonValueKind.Null ? null : GoldenCase.Doubles(grads[i]));
            for (int i = 0; i < values.Length; i++)
                AssertClose(GoldenCase.Doubles(step.GetProperty("expected_params")[i]), values[i], GoldenRelative, GoldenAbsolute, $"scalar reference param {i}");
        }
    }

    private static double[] Run(VeloGradComponents components)
    {
        var values = SyntheticProblem.InitialValues(seed: 3);
        var parameters = SyntheticProblem.Parameters(values);
        using var optimizer = new VeloGradOptimizer(parameters, new VeloGradOptions { LookaheadInterval = 2, WeightDecay = 0.1, Components = components });
        for (int step = 0; step < 6; step++)
        {
            optimizer.SetLoss(0.5);
            SyntheticProblem.Assign(parameters, SyntheticProblem.Gradients(seed: 3, step));
            optimizer.step();
        }
        return parameters.SelectMany(Values).ToArray();
    }
}
