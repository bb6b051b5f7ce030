namespace VeloGrad.Tests.Support;

/// <summary>
/// An independent, loop-by-loop port of the reference notebook's VeloGrad on double arrays, with the same
/// component switches as the library. Held to the golden files itself, it is the yardstick for what the
/// golden files do not cover (switched-off components, the Adam limit).
/// </summary>
internal sealed class ScalarReferenceVeloGrad(VeloGradOptions o)
{
    private sealed class State(int n, double[] p)
    {
        public long Step;
        public double[] M = new double[n], V = new double[n], Prev = new double[n], Slow = (double[])p.Clone();
    }

    private readonly Dictionary<double[], State> _states = new(ReferenceEqualityComparer.Instance);

    public double LossAverage { get; private set; }

    public VeloGradOptions Options { get; set; } = o;

    public void SetLoss(double loss) => LossAverage = Options.Beta2 * LossAverage + (1 - Options.Beta2) * loss;

    private bool On(VeloGradComponents c) => (Options.Components & c) != 0;

    public void Step(double[] p, double[]? grad)
    {
        if (grad is null) return;
        var o = Options;
        if (!_states.TryGetValue(p, out var s)) _states[p] = s = new State(p.Length, p);
        s.Step++;
        double eps = o.Epsilon;
        double gradNorm = Math.Sqrt(grad.Sum(g => g * g));
        double cos = 0;
        if (s.Step > 1) cos = Dot(grad, s.Prev) / (gradNorm * Math.Sqrt(Dot(s.Prev, s.Prev)) + eps);
        if (On(VeloGradComponents.DirectionalMomentum)) Array.Copy(grad, s.Prev, grad.Length);
        double scale = !On(VeloGradComponents.GradientNormScaling) ? 1.0 : gradNorm <= 1.0 ? 1.0 + 0.5 * (1.0 - gradNorm) : 1.0 / gradNorm;
        double bc1 = 1 - Math.Pow(o.Beta1, s.Step), bc2 = 1 - Math.Pow(o.Beta2, s.Step);
        double lossScale = Math.Min(1.0, 1.0 / (LossAverage + eps));
        double lr = On(VeloGradComponents.AdaptiveLearningRate) ? o.LearningRate * lossScale * Math.Min(1.0, 1.0 / (gradNorm + eps)) : o.LearningRate;
        double stepSize = lr * (On(VeloGradComponents.DirectionalMomentum) ? 1.0 + 0.1 * cos : 1.0);
        var update = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            double g = grad[i] * scale;
            s.M[i] = o.Beta1 * s.M[i] + (1 - o.Beta1) * g;
            s.V[i] = o.Beta2 * s.V[i] + (1 - o.Beta2) * g * g;
            update[i] = s.M[i] / bc1 / (Math.Sqrt(s.V[i] / bc2) + eps);
            p[i] -= stepSize * update[i];
        }
        double wd = On(VeloGradComponents.AdaptiveWeightDecay)
            ? o.WeightDecay * lossScale * Math.Min(1.0, 1.0 / (Math.Sqrt(Dot(update, update)) + eps))
            : o.WeightDecay;
        for (int i = 0; i < p.Length; i++) p[i] *= 1 - lr * wd;
        if (On(VeloGradComponents.Lookahead) && s.Step % o.LookaheadInterval == 0)
        {
            for (int i = 0; i < p.Length; i++)
            {
                s.Slow[i] += o.SlowUpdateRate * (p[i] - s.Slow[i]);
                p[i] = p[i] * (1 - o.InterpolationStrength) + o.InterpolationStrength * s.Slow[i];
            }
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
