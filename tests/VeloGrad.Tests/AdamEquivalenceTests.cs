using VeloGrad.Tests.Support;
using static TorchSharp.torch;
using static VeloGrad.Tests.Support.Tolerance;

namespace VeloGrad.Tests;

public class AdamEquivalenceTests
{
    [Fact]
    public void With_every_part_off_and_no_weight_decay_it_steps_exactly_as_TorchSharps_Adam()
    {
        var values = SyntheticProblem.InitialValues(seed: 11);
        var ours = SyntheticProblem.Parameters(values);
        var theirs = SyntheticProblem.Parameters(values);
        using var velograd = new VeloGradOptimizer(ours, new VeloGradOptions
        {
            LearningRate = 0.01, Beta1 = 0.85, Beta2 = 0.995, Epsilon = 1e-7, WeightDecay = 0, Components = VeloGradComponents.None,
        });
        using var adam = optim.Adam(theirs, lr: 0.01, beta1: 0.85, beta2: 0.995, eps: 1e-7);

        for (int step = 0; step < 50; step++)
        {
            var grads = SyntheticProblem.Gradients(seed: 11, step);
            SyntheticProblem.Assign(ours, grads);
            SyntheticProblem.Assign(theirs, grads);
            velograd.SetLoss(1.0 + step);
            velograd.step();
            adam.step();
            for (int i = 0; i < ours.Count; i++)
                AssertClose(Values(theirs[i]), Values(ours[i]), 1e-12, 1e-15, $"step {step} param {i}");
        }
    }
}
