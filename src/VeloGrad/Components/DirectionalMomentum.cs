using static TorchSharp.torch;

namespace VeloGrad.Components;

/// <summary>
/// Directional momentum: the step grows by up to 10 % when the gradient keeps its direction and shrinks when it
/// reverses: 1 + 0.1·cos(g, g_prev), with cos = g·g_prev / (‖g‖·‖g_prev‖ + ε), and 1 on a tensor's first step.
/// </summary>
internal static class DirectionalMomentum
{
    /// <summary>Weight of the cosine in the step-size factor.</summary>
    public const double CosineWeight = 0.1;

    /// <summary>The cosine of consecutive gradients as the reference computes it (0-dim tensor).</summary>
    /// <remarks>The inner product is a (1×n)·(n×1) matrix product rather than <c>dot</c>: the same sum, and an op
    /// that every backend implements, the meta device included (which proves the step reads nothing back).</remarks>
    public static Tensor Cosine(Tensor grad, Tensor previousGrad, Tensor gradNorm, double eps)
    {
        var inner = grad.reshape(1, -1).mm(previousGrad.reshape(-1, 1)).reshape([]);
        return inner / (gradNorm * previousGrad.norm() + eps);
    }

    /// <summary>The step-size factor, or null on the first step (factor 1).</summary>
    public static Tensor? Factor(Tensor grad, Tensor previousGrad, Tensor gradNorm, double eps, long step)
        => step > 1 ? 1.0 + CosineWeight * Cosine(grad, previousGrad, gradNorm, eps) : null;
}
