using VeloGrad.Components;
using VeloGrad.Execution;

namespace VeloGrad.Tests.Execution;

/// <summary>The per-tensor scalars of a step hold no stand-ins: a part that is off leaves its scalar absent, and an
/// input a step does not read cannot be passed (nor one it reads left out).</summary>
public sealed class StepScalarsTests
{
    private static readonly LossFactor Loss = new LossFactor.OnHost(1.0);

    private static StepHyperparameters With(VeloGradComponents components, double weightDecay = 1e-4) =>
        StepHyperparameters.From(new VeloGradOptions { Components = components, WeightDecay = weightDecay });

    [Fact]
    public void Switched_off_parts_leave_their_scalars_absent()
    {
        var none = With(VeloGradComponents.None, weightDecay: 0);
        var scalars = StepScalars.BeforeUpdate<double, HostScalars>(2.0, null, step: 3, none, Loss);
        Assert.Null(scalars.Scale);
        Assert.Equal(none.LearningRate, scalars.LearningRate);
        Assert.Equal(none.LearningRate, scalars.StepSize);
        Assert.Null(StepScalars.Decay<double, HostScalars>(scalars.LearningRate, null, none, Loss));

        var all = With(VeloGradComponents.All);
        var on = StepScalars.BeforeUpdate<double, HostScalars>(2.0, new PreviousGradient<double>(1.0, 2.0), step: 3, all, Loss);
        Assert.NotNull(on.Scale);
        Assert.NotEqual(on.LearningRate, on.StepSize); // directional momentum scales the step
        Assert.NotNull(StepScalars.Decay<double, HostScalars>(on.LearningRate, new Some<double>(1.0), all, Loss));
    }

    [Fact]
    public void An_input_is_given_exactly_when_the_step_reads_it()
    {
        var all = With(VeloGradComponents.All);
        // Step 1 has no previous gradient to compare with; step 2 has.
        Assert.Throws<ArgumentException>(() => StepScalars.BeforeUpdate<double, HostScalars>(1.0, new PreviousGradient<double>(1, 1), step: 1, all, Loss));
        Assert.Throws<ArgumentException>(() => StepScalars.BeforeUpdate<double, HostScalars>(1.0, null, step: 2, all, Loss));
        Assert.Throws<ArgumentException>(() => StepScalars.Decay<double, HostScalars>(0.1, null, all, Loss));
        Assert.Throws<ArgumentException>(() => StepScalars.Decay<double, HostScalars>(0.1, new Some<double>(1), With(VeloGradComponents.None), Loss));
    }
}
