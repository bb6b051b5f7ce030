using static TorchSharp.torch;

namespace VeloGrad.Tests.Support;

/// <summary>Element-wise closeness with a message that shows where two sequences part.</summary>
internal static class Tolerance
{
    /// <summary>The golden files' criterion: relative 1e-9, absolute 1e-12 near zero.</summary>
    public const double GoldenRelative = 1e-9;
    public const double GoldenAbsolute = 1e-12;

    public static void AssertClose(double[] expected, double[] actual, double relative, double absolute, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            double bound = Math.Max(absolute, relative * Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= bound,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (|diff| {Math.Abs(expected[i] - actual[i]):E3} > {bound:E3}).");
        }
    }

    public static void AssertClose(double expected, double actual, double relative, double absolute, string what)
        => AssertClose([expected], [actual], relative, absolute, what);

    /// <summary>Same shape and bit-for-bit the same values.</summary>
    public static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static double[] Values(Tensor t) => t.detach().to(ScalarType.Float64).cpu().flatten().data<double>().ToArray();
}
