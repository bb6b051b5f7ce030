namespace VeloGrad.Runs;

public static partial class Workloads
{
    /// <summary>A DeepOBS problem's baseline rates, as DeepOBS published them.</summary>
    private static Dictionary<string, double> PublishedRates(string problem) =>
        DeepObsBaselines.Published.Of(problem)!.Baselines.ToDictionary(b => b.Optimizer, b => b.LearningRate);

    /// <summary>The figure DeepOBS's best published baseline ends at: the full budget's target (AlgoPerf's way of setting one).</summary>
    private static double PublishedBest(string problem) => Math.Round(DeepObsBaselines.Published.Of(problem)!.BestFinal, 2);
}
