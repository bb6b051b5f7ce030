namespace VeloGrad.Training.Tests.Workloads;

/// <summary>DeepOBS's tuning protocol as benchmark --tune --tune-grid deepobs sets it: the same 36 learning rates for every
/// optimizer, 10⁻⁵ to 10² five per decade, whatever its default.</summary>
public class DeepObsTuningGridTests
{
    [Fact]
    public void The_grid_is_DeepOBSs_36_rates_and_every_optimizer_gets_them_as_they_are()
    {
        var rates = BenchmarkTuning.DeepObsRates;
        Assert.Equal(36, rates.Count);
        Assert.Equal(1e-5, rates[0], 1e-18);
        Assert.Equal(100, rates[^1], 1e-12);
        // The rates in DeepOBS's baselines/ folder names are grid points: e.g. 1.5848931925e-02 and 3.9810717055e-02.
        Assert.Contains(rates, r => Math.Abs(r - 0.015848931925) < 1e-12);
        Assert.Contains(rates, r => Math.Abs(r - 0.039810717055) < 1e-12);
        for (int i = 1; i < rates.Count; i++) Assert.Equal(Math.Pow(10, 0.2), rates[i] / rates[i - 1], 12);

        var velograd = TuningCandidates.Of(OptimizerSpec.Parse("velograd"), 0.0015, 0.01, rates, [1], absoluteRates: true);
        var sgd = TuningCandidates.Of(OptimizerSpec.Parse("sgd:momentum=0,weight_decay=0"), 0.158, 0, rates, [1], absoluteRates: true);
        Assert.Equal(rates, velograd.Trials.Select(t => t.Rate));
        Assert.Equal(rates, sgd.Trials.Select(t => t.Rate));
        Assert.Equal(rates[10], velograd.Trials[10].Spec.Value(OptimizerCatalog.RateKey));
        Assert.Equal(rates[10] / 0.0015, velograd.Trials[10].RateFactor, 12); // the factor still says where it lies against the default

        var tuning = new BenchmarkTuning(7, 2, 1, 0.1, BenchmarkTuning.DeepObsGrid);
        Assert.True(tuning.IsDeepObs);
        Assert.StartsWith("DeepOBS's grid (36 rates 1e-5 … 1e2), 1 seed,", tuning.ToString(), StringComparison.Ordinal);
        Assert.False(new BenchmarkTuning(7, 2, 1, 0.1).IsDeepObs);
    }
}
