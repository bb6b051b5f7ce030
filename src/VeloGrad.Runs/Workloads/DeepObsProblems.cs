namespace VeloGrad.Runs;

public static partial class WorkloadCatalog
{
    /// <summary>The figure DeepOBS's best published baseline ends at: the full budget's target (AlgoPerf's way of setting one).</summary>
    private static double PublishedBest(string problem) => Math.Round(DeepObsBaselines.Published.Of(problem)!.BestFinal, 2);
}
