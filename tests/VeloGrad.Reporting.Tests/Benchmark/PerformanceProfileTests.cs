using VeloGrad.Reporting.Benchmark;

namespace VeloGrad.Reporting.Tests.Benchmark;

/// <summary>The Dolan–Moré arithmetic on hand-computed cases.</summary>
public class PerformanceProfileTests
{
    private const double Never = double.PositiveInfinity;

    [Fact]
    public void Ratios_fractions_and_scores_by_hand_with_a_tie_and_a_target_never_reached()
    {
        // Three workloads, optimizers A and B (epochs to target):
        //   w1: A 2, B 4  → ratios 1, 2
        //   w2: A 3, B 3  → a tie: 1, 1
        //   w3: A ∞, B 5  → A never reaches it: ∞, 1
        var profile = PerformanceProfile.Of(["A", "B"], ["w1", "w2", "w3"], [[2, 4], [3, 3], [Never, 5]]);
        Assert.Equal([1.0, 2.0], profile.Ratios[0]);
        Assert.Equal([1.0, 1.0], profile.Ratios[1]);
        Assert.Equal([Never, 1.0], profile.Ratios[2]);

        Assert.Equal(2.0 / 3, profile.Fraction(0, 1), 12);  // A best on w1 and w2
        Assert.Equal(2.0 / 3, profile.Fraction(0, 100), 12); // and never on w3
        Assert.Equal(2.0 / 3, profile.Fraction(1, 1), 12);  // B best on w2 and w3
        Assert.Equal(2.0 / 3, profile.Fraction(1, 1.99), 12);
        Assert.Equal(1.0, profile.Fraction(1, 2), 12);       // and within 2× on w1

        // Score: Σ over workloads solved within 4× of (4 − r)/3, over the number of workloads.
        Assert.Equal((1.0 + 1.0 + 0.0) / 3, profile.Score(0), 12);
        Assert.Equal((2.0 / 3 + 1.0 + 1.0) / 3, profile.Score(1), 12);
        Assert.Equal([1.0, 2.0], profile.Steps(1));
    }

    [Fact]
    public void A_workload_nobody_solves_counts_against_everyone_and_ratios_beyond_four_score_nothing()
    {
        var profile = PerformanceProfile.Of(["A", "B"], ["w1", "w2"], [[Never, Never], [1, 5]]);
        Assert.Equal([Never, Never], profile.Ratios[0]);
        Assert.Equal(0.5, profile.Fraction(0, 4), 12);
        Assert.Equal(0, profile.Fraction(1, 4), 12);    // 5× the best is beyond 4×
        Assert.Equal(0.5, profile.Fraction(1, 5), 12);  // but counts at τ = 5
        Assert.Equal(0.5, profile.Score(0), 12);
        Assert.Equal(0, profile.Score(1), 12);
    }

    [Fact]
    public void Costs_are_checked()
    {
        Assert.Throws<ArgumentException>(() => PerformanceProfile.Of(["A"], ["w1"], [[1, 2]]));
        Assert.Throws<ArgumentException>(() => PerformanceProfile.Of(["A"], ["w1"], [[double.NaN]]));
        Assert.Throws<ArgumentException>(() => PerformanceProfile.Of(["A"], ["w1"], [[-1]]));
    }
}
