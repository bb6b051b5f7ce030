namespace VeloGrad.Training.Random;

/// <summary>
/// numpy's legacy <c>numpy.random.RandomState</c>, number for number: the MT19937 generator seeded as
/// <c>RandomState(seed)</c> seeds it (Knuth's initialisation of the 624 words), <c>random_sample</c>'s 53-bit double
/// from two 32-bit draws, <c>uniform(low, high)</c> = low + (high − low)·u, and <c>normal(loc, scale)</c> through the
/// legacy polar Box–Muller method, which draws pairs and keeps the second value for the next call. DeepOBS draws its
/// noisy quadratic (Q, the training and the test noise) with it, so this is how that instance is rebuilt exactly.
/// </summary>
public sealed class NumpyRandomState
{
    private const int N = 624, M = 397;
    private const uint MatrixA = 0x9908b0df, UpperMask = 0x80000000, LowerMask = 0x7fffffff;
    private readonly uint[] _state = new uint[N];
    private int _position;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>As <c>numpy.random.RandomState(seed)</c> (numpy's <c>mt19937_seed</c>).</summary>
    public NumpyRandomState(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < N; i++)
            _state[i] = unchecked(1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i);
        _position = N;
    }

    /// <summary>The next 32-bit output of MT19937 (tempered).</summary>
    public uint NextUInt32()
    {
        if (_position >= N) Twist();
        uint y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random_sample()</c>: a double in [0, 1) from 27 + 26 random bits.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary><c>uniform(low, high)</c>.</summary>
    public double Uniform(double low = 0, double high = 1) => low + (high - low) * NextDouble();

    /// <summary><c>uniform(low, high, size)</c>, in the order numpy fills the array.</summary>
    public double[] Uniform(double low, double high, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = Uniform(low, high);
        return values;
    }

    /// <summary><c>standard_normal()</c> by the legacy polar method: a pair per two accepted uniforms, the second kept.</summary>
    public double Gauss()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            return _gauss;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDouble() - 1.0;
            x2 = 2.0 * NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        }
        while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary><c>normal(loc, scale)</c> = loc + scale · <see cref="Gauss"/>.</summary>
    public double Normal(double loc = 0, double scale = 1) => loc + scale * Gauss();

    /// <summary><c>normal(loc, scale, size)</c>, in the order numpy fills the array (row-major).</summary>
    public double[] Normal(double loc, double scale, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = Normal(loc, scale);
        return values;
    }

    private void Twist()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_state[i] & UpperMask) | (_state[(i + 1) % N] & LowerMask);
            _state[i] = _state[(i + M) % N] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }
        _position = 0;
    }
}
