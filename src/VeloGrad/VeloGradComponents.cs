namespace VeloGrad;

/// <summary>
/// The five parts that VeloGrad adds to its Adam core. Each can be switched off on its own for ablations;
/// <see cref="All"/> is the reference optimizer, <see cref="None"/> with zero weight decay is Adam.
/// </summary>
[Flags]
public enum VeloGradComponents
{
    /// <summary>Plain Adam core with decoupled, fixed weight decay.</summary>
    None = 0,

    /// <summary>Per-tensor gradient scaling: small gradients (norm ≤ 1) amplified by 1 + (1 − ‖g‖)/2, large ones
    /// normalised by 1/‖g‖, before the moments are updated.</summary>
    GradientNormScaling = 1 << 0,

    /// <summary>Step size scaled by 1 + 0.1·cos(g, g_prev), the cosine of consecutive gradients.</summary>
    DirectionalMomentum = 1 << 1,

    /// <summary>Learning rate scaled by min(1, 1/(loss average + ε)) and min(1, 1/(‖g‖ + ε)).</summary>
    AdaptiveLearningRate = 1 << 2,

    /// <summary>Decoupled weight decay scaled by min(1, 1/(loss average + ε)) and min(1, 1/(‖update‖ + ε));
    /// when off, the decay is the plain decoupled p ← p·(1 − lr·wd).</summary>
    AdaptiveWeightDecay = 1 << 3,

    /// <summary>Every k steps, slow weights move towards the fast ones and the fast ones are pulled back.</summary>
    Lookahead = 1 << 4,

    /// <summary>All five parts: the reference optimizer.</summary>
    All = GradientNormScaling | DirectionalMomentum | AdaptiveLearningRate | AdaptiveWeightDecay | Lookahead,
}
