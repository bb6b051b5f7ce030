using VeloGrad.Training.Data;

namespace VeloGrad.Training.Tests.Support;

/// <summary>The whole-run tests' configuration: the small CNN on the synthetic set, batches of 32, accumulation 2, float32.</summary>
internal static class SmallRuns
{
    public static TrainingConfig Config(string optimizer = "velograd", int epochs = 3) => new()
    {
        Dataset = SyntheticImages.Name,
        Model = "small-cnn",
        Optimizer = OptimizerSpec.Parse(optimizer),
        Epochs = epochs,
        BatchSize = 32,
        AccumulationSteps = 2,
        Seed = 7,
        Precision = Precision.Float32, // the same arithmetic on every CPU (auto is bfloat16 where the CPU has it)
    };
}
