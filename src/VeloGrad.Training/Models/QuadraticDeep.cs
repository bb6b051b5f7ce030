using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Training.Random;
using static TorchSharp.torch;

namespace VeloGrad.Training.Models;

/// <summary>
/// DeepOBS's quadratic_deep, its very instance: parameters θ ∈ ℝ¹⁰⁰ starting at 1 and, for each noise sample x, the
/// loss ½ (θ − x)ᵀ Q (θ − x), the forward pass of DeepOBS's <c>net_quadratic_deep</c> in float32 (Q cast to float32,
/// q·Q then qᵀ(qQ) per sample). Q = Rᵀ diag(λ) R is drawn as DeepOBS draws it, from numpy's <c>RandomState(42)</c>
/// (<see cref="NumpyRandomState"/>): 90 eigenvalues from U(0, 1), then 10 from U(30, 60) (the spectrum reported for deep
/// networks), then the rotation R by the subgroup algorithm of Diaconis and Shahshahani, in float64 as numpy computes it.
/// At θ = 1 its test loss is DeepOBS's 353.4468.
/// </summary>
public sealed class QuadraticDeep : nn.Module<Tensor, Tensor>, ISelfScoringModel
{
    public const int Dimensions = 100, SmallEigenvalues = 90, LargeEigenvalues = 10;
    public const double SmallLow = 0, SmallHigh = 1, LargeLow = 30, LargeHigh = 60;

    /// <summary>The seed of DeepOBS's module-level <c>rng = np.random.RandomState(42)</c> in quadratic_deep.py.</summary>
    public const uint ProblemSeed = 42;

    private static readonly Lazy<(double[] Eigenvalues, double[,] Hessian)> Instance = new(Draw);

    private readonly Parameter theta;
    private readonly Tensor hessian;

    public QuadraticDeep() : base(nameof(QuadraticDeep))
    {
        theta = new Parameter(ones(Dimensions));
        using var h = Hessian();
        hessian = h.to(ScalarType.Float32); // as DeepOBS: torch.from_numpy(Hessian).to(torch.float32)
        register_buffer(nameof(hessian), hessian, persistent: false); // moves with the model; a constant, not state
        RegisterComponents();
    }

    /// <summary>The eigenvalues of Q, in the order drawn (90 small, then 10 large), float64.</summary>
    public static Tensor Eigenvalues() => tensor(Instance.Value.Eigenvalues);

    /// <summary>Q = Rᵀ diag(λ) R in float64, as DeepOBS's set_up computes it.</summary>
    public static Tensor Hessian()
    {
        var h = Instance.Value.Hessian;
        var flat = new double[Dimensions * Dimensions];
        Buffer.BlockCopy(h, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, [Dimensions, Dimensions]);
    }

    public Tensor Losses(Tensor input, Generator noise) => forward(input);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var q = theta - input.reshape(-1, Dimensions).to(theta.dtype);
        var z = q.matmul(hessian);
        return (0.5 * bmm(q.unsqueeze(1), z.unsqueeze(2)).flatten()).MoveToOuterDisposeScope();
    }

    /// <summary>DeepOBS's draws, in its order: <c>rng.uniform(0, 1, 90)</c>, <c>rng.uniform(30, 60, 10)</c>, then
    /// <c>random_rotation(100)</c>; <c>Hessian = Rᵀ (D R)</c>.</summary>
    private static (double[], double[,]) Draw()
    {
        var rng = new NumpyRandomState(ProblemSeed);
        double[] eigenvalues = [.. rng.Uniform(SmallLow, SmallHigh, SmallEigenvalues), .. rng.Uniform(LargeLow, LargeHigh, LargeEigenvalues)];
        var r = RandomRotation(rng, Dimensions);
        var h = new double[Dimensions, Dimensions];
        for (int i = 0; i < Dimensions; i++)
            for (int j = 0; j < Dimensions; j++)
            {
                double sum = 0;
                for (int k = 0; k < Dimensions; k++) sum += r[k, i] * (eigenvalues[k] * r[k, j]);
                h[i, j] = sum;
            }
        return (eigenvalues, h);
    }

    /// <summary>DeepOBS's <c>random_rotation(D)</c>: a Haar-random rotation built up one dimension at a time by
    /// Householder reflections of random unit vectors (Diaconis &amp; Shahshahani's subgroup algorithm), negated at the end.</summary>
    private static double[,] RandomRotation(NumpyRandomState rng, int dimensions)
    {
        double t = 2 * Math.PI * rng.Uniform();
        var r = new double[,] { { Math.Cos(t), Math.Sin(t) }, { -Math.Sin(t), Math.Cos(t) } };
        for (int d = 2; d < dimensions; d++)
        {
            int n = d + 1;
            var v = rng.Normal(0, 1, n);
            double norm = Math.Sqrt(v.Sum(a => a * a));
            for (int i = 0; i < n; i++) v[i] /= norm;
            var x = new double[n];
            for (int i = 0; i < n; i++) x[i] = (i == 0 ? 1.0 : 0.0) - v[i];
            double xNorm = Math.Sqrt(x.Sum(a => a * a));
            for (int i = 0; i < n; i++) x[i] /= xNorm;
            // D = [[1, 0], [0, R]]; R ← D − 2 x (xᵀ D)
            var block = new double[n, n];
            block[0, 0] = 1;
            for (int i = 1; i < n; i++)
                for (int j = 1; j < n; j++) block[i, j] = r[i - 1, j - 1];
            var xTd = new double[n];
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += x[i] * block[i, j];
                xTd[j] = sum;
            }
            r = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) r[i, j] = block[i, j] - 2 * x[i] * xTd[j];
        }
        for (int i = 0; i < dimensions; i++)
            for (int j = 0; j < dimensions; j++) r[i, j] = -r[i, j];
        return r;
    }
}
