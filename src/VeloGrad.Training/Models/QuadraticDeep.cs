using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Training.Models;

/// <summary>
/// DeepOBS's quadratic_deep: parameters θ ∈ ℝ¹⁰⁰ starting at 1, and for each noise sample x the loss
/// ½ (θ − x)ᵀ Q (θ − x). Q = Rᵀ D R is fixed: D holds 90 eigenvalues drawn from U(0, 1) and 10 from U(30, 60) (the
/// spectrum reported for deep networks), R a rotation drawn from the Haar measure (the Q factor of a Gaussian matrix,
/// signs fixed by R's diagonal), both from one fixed seed, as DeepOBS fixes them; the numbers differ from DeepOBS's
/// (numpy's generator), the distribution does not. The forward pass is the per-sample loss.
/// </summary>
public sealed class QuadraticDeep : nn.Module<Tensor, Tensor>, ISelfScoringModel
{
    public const int Dimensions = 100, SmallEigenvalues = 90, LargeEigenvalues = 10;
    public const double SmallLow = 0, SmallHigh = 1, LargeLow = 30, LargeHigh = 60;
    private const ulong ProblemSeed = 42;

    private readonly Parameter theta;
    private readonly Tensor hessian;

    public QuadraticDeep() : base(nameof(QuadraticDeep))
    {
        theta = new Parameter(ones(Dimensions));
        using var h = Hessian();
        hessian = h.to(ScalarType.Float32);
        register_buffer(nameof(hessian), hessian, persistent: false); // moves with the model; a constant, not state
        RegisterComponents();
    }

    /// <summary>The eigenvalues of Q, in the order drawn (90 small, then 10 large), float64.</summary>
    public static Tensor Eigenvalues()
    {
        using var generator = new Generator(ProblemSeed);
        using var small = rand(SmallEigenvalues, dtype: ScalarType.Float64, generator: generator);
        using var large = rand(LargeEigenvalues, dtype: ScalarType.Float64, generator: generator);
        return cat([small * (SmallHigh - SmallLow) + SmallLow, large * (LargeHigh - LargeLow) + LargeLow]);
    }

    /// <summary>Q = Rᵀ diag(eigenvalues) R in float64, symmetric by construction.</summary>
    public static Tensor Hessian()
    {
        using var scope = NewDisposeScope();
        var eigenvalues = Eigenvalues();
        using var generator = new Generator(ProblemSeed + 1);
        var gaussian = randn([Dimensions, Dimensions], dtype: ScalarType.Float64, generator: generator);
        var (q, r) = linalg.qr(gaussian);
        var rotation = q * r.diagonal().sign().unsqueeze(0); // Haar-distributed: each column's sign made unique
        var h = rotation.matmul(diag(eigenvalues)).matmul(rotation.T);
        return ((h + h.T) / 2).MoveToOuterDisposeScope(); // exactly symmetric, whatever rounding did
    }

    public Tensor Losses(Tensor input, Generator noise) => forward(input);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var difference = theta - input.reshape(-1, Dimensions).to(theta.dtype);
        return (0.5 * (difference.matmul(hessian) * difference).sum(1)).MoveToOuterDisposeScope();
    }
}
