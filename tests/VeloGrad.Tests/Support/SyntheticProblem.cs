using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Tests.Support;

/// <summary>Seeded parameters and gradient sequences, with norms below and above 1 and changing direction.</summary>
internal static class SyntheticProblem
{
    public static readonly long[][] Shapes = [[4, 3], [7], [2, 2, 2]];

    public static double[][] InitialValues(int seed)
    {
        var random = new Random(seed);
        return Shapes.Select(s => Enumerable.Range(0, (int)s.Aggregate(1L, (a, b) => a * b)).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
    }

    /// <summary>Step t's gradients; every fourth step the second tensor has none.</summary>
    public static double[]?[] Gradients(int seed, int step)
    {
        var random = new Random(seed * 1000 + step);
        double magnitude = step % 3 == 0 ? 3.0 : 0.2;
        return Shapes.Select((s, i) => i == 1 && step % 4 == 3 ? null
            : Enumerable.Range(0, (int)s.Aggregate(1L, (a, b) => a * b)).Select(_ => (random.NextDouble() * 2 - 1) * magnitude).ToArray()).ToArray();
    }

    public static List<Parameter> Parameters(double[][] values, ScalarType dtype = ScalarType.Float64) =>
        values.Select((v, i) => new Parameter(tensor(v, dtype: ScalarType.Float64).reshape(Shapes[i]).to(dtype))).ToList();

    public static void Assign(IReadOnlyList<Parameter> parameters, double[]?[] grads)
    {
        for (int i = 0; i < parameters.Count; i++)
            parameters[i].grad = grads[i] is { } g ? tensor(g, dtype: ScalarType.Float64).reshape(Shapes[i]).to(parameters[i].dtype) : null;
    }
}
