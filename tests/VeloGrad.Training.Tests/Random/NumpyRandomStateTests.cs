using VeloGrad.Training.Random;

namespace VeloGrad.Training.Tests.Random;

/// <summary>numpy's legacy RandomState reproduced number for number: the values below are what numpy 1.24 prints for the
/// same calls (<c>np.random.RandomState(42).random_sample()</c> and so on).</summary>
public class NumpyRandomStateTests
{
    [Fact]
    public void Mt19937_seeded_as_RandomState_gives_numpys_first_word()
    {
        // np.random.RandomState(42).randint(0, 2**32, dtype=np.uint64): one raw 32-bit output.
        Assert.Equal(1608637542u, new NumpyRandomState(42).NextUInt32());
    }

    [Fact]
    public void Random_sample_and_uniform_give_numpys_doubles()
    {
        var rng = new NumpyRandomState(42);
        Assert.Equal(0.3745401188473625, rng.NextDouble());
        Assert.Equal(0.9507143064099162, rng.NextDouble());
        Assert.Equal([46.464405117819744, 51.455680991172585, 48.082901282149315], new NumpyRandomState(0).Uniform(30, 60, 3));
        Assert.Equal(0.0976320289940138, new NumpyRandomState(uint.MaxValue).NextDouble());
    }

    [Fact]
    public void Normal_uses_the_legacy_polar_method_and_keeps_the_second_value_of_each_pair()
    {
        // np.random.RandomState(42).normal(size=5)
        double[] numpy = [0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254, -0.23415337472333597];
        var rng = new NumpyRandomState(42);
        var drawn = rng.Normal(0, 1, 5);
        for (int i = 0; i < numpy.Length; i++) Assert.Equal(numpy[i], drawn[i], 1e-15);
        // The cached second value is served before anything else is drawn: a uniform after an odd number of normals
        // comes from the generator as if the pair had been drawn whole.
        var pairwise = new NumpyRandomState(42);
        pairwise.Normal(0, 1, 6);
        var afterOdd = new NumpyRandomState(42);
        afterOdd.Normal(0, 1, 5);
        afterOdd.Gauss();
        Assert.Equal(pairwise.NextDouble(), afterOdd.NextDouble());
    }
}
