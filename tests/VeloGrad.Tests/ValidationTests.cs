using TorchSharp.Modules;
using VeloGrad.Tests.Support;
using static TorchSharp.torch;

namespace VeloGrad.Tests;

public class ValidationTests
{
    public static TheoryData<VeloGradOptions, string, string> OutOfRange() => new()
    {
        { new() { LearningRate = -1e-3 }, nameof(VeloGradOptions.LearningRate), "≥ 0" },
        { new() { LearningRate = double.NaN }, nameof(VeloGradOptions.LearningRate), "≥ 0" },
        { new() { Epsilon = -1e-8 }, nameof(VeloGradOptions.Epsilon), "≥ 0" },
        { new() { WeightDecay = -1e-4 }, nameof(VeloGradOptions.WeightDecay), "≥ 0" },
        { new() { Beta1 = 1.0 }, nameof(VeloGradOptions.Beta1), "[0, 1)" },
        { new() { Beta1 = -0.1 }, nameof(VeloGradOptions.Beta1), "[0, 1)" },
        { new() { Beta2 = 1.5 }, nameof(VeloGradOptions.Beta2), "[0, 1)" },
        { new() { LookaheadInterval = 0 }, nameof(VeloGradOptions.LookaheadInterval), "≥ 1" },
        { new() { SlowUpdateRate = 1.01 }, nameof(VeloGradOptions.SlowUpdateRate), "[0, 1]" },
        { new() { InterpolationStrength = -0.2 }, nameof(VeloGradOptions.InterpolationStrength), "[0, 1]" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Construction_rejects_a_hyperparameter_outside_its_range(VeloGradOptions options, string name, string range)
    {
        using var p = new Parameter(zeros(3));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VeloGradOptimizer([p], options));
        Assert.Equal(name, error.ParamName);
        Assert.Contains(range, error.Message, StringComparison.Ordinal);

        var inGroup = Assert.Throws<ArgumentOutOfRangeException>(() => new VeloGradOptimizer.ParamGroup([p], options));
        Assert.Equal(name, inGroup.ParamName);
    }

    [Fact]
    public void The_reference_defaults_are_valid_and_match_the_notebook()
    {
        var o = new VeloGradOptions();
        o.Validate();
        Assert.Equal((0.0015, 0.9, 0.99, 1e-8, 1e-4, 5, 0.5, 0.2, VeloGradComponents.All),
            (o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay, o.LookaheadInterval, o.SlowUpdateRate, o.InterpolationStrength, o.Components));
    }

    [Fact]
    public void An_empty_or_duplicated_parameter_list_is_rejected()
    {
        Assert.Contains("empty parameter list", Assert.Throws<ArgumentException>(() => new VeloGradOptimizer(Array.Empty<Parameter>())).Message, StringComparison.Ordinal);
        using var p = new Parameter(zeros(3));
        Assert.Contains("more than one", Assert.Throws<ArgumentException>(() => new VeloGradOptimizer(
            [new VeloGradOptimizer.ParamGroup([p]), new VeloGradOptimizer.ParamGroup([p])])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void SetLoss_rejects_a_non_finite_loss_and_keeps_the_average(double loss)
    {
        using var p = new Parameter(zeros(3));
        using var optimizer = new VeloGradOptimizer([p]);
        optimizer.SetLoss(2.0);
        double before = optimizer.LossAverage;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.SetLoss(loss));
        Assert.Contains("non-finite", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, optimizer.LossAverage);
    }

    [Fact]
    public void A_gradient_of_the_wrong_shape_fails_before_any_parameter_or_state_changes()
    {
        var values = SyntheticProblem.InitialValues(seed: 1);
        var parameters = SyntheticProblem.Parameters(values);
        using var optimizer = new VeloGradOptimizer([
            new VeloGradOptimizer.ParamGroup(parameters.Take(2)),
            new VeloGradOptimizer.ParamGroup(parameters.Skip(2)),
        ]);
        SyntheticProblem.Assign(parameters, SyntheticProblem.Gradients(seed: 1, step: 0));
        optimizer.step();
        var snapshot = parameters.Select(p => p.detach().clone()).ToList();
        var expAvg = optimizer.GetState(parameters[0]).ExpAvg!.clone();
        long steps = optimizer.GetState(parameters[0]).Step;

        SyntheticProblem.Assign(parameters, SyntheticProblem.Gradients(seed: 1, step: 1));
        parameters[2].grad = ones(3, 3, dtype: ScalarType.Float64);

        var error = Assert.Throws<ArgumentException>(() => optimizer.step());
        Assert.Contains("shape [3, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("group 1", error.Message, StringComparison.Ordinal);
        for (int i = 0; i < parameters.Count; i++)
            Assert.True(Tolerance.Identical(snapshot[i], parameters[i]), $"Parameter {i} changed although the step failed.");
        Assert.True(Tolerance.Identical(expAvg, optimizer.GetState(parameters[0]).ExpAvg!));
        Assert.Equal(steps, optimizer.GetState(parameters[0]).Step);
    }
}
