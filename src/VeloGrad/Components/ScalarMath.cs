using static TorchSharp.torch;

namespace VeloGrad.Components;

/// <summary>
/// The arithmetic the parts' per-tensor scalar formulas are written in, so that each formula exists once and
/// every execution strategy evaluates it: on host doubles (<see cref="HostScalars"/>, the fused CPU pass) or on
/// device tensors (<see cref="DeviceScalars"/>: 0-dim per tensor, or one entry per tensor in the multi-tensor step;
/// neither reads the device).
/// </summary>
internal interface IScalarMath<T>
{
    static abstract T Add(T a, double b);
    static abstract T Multiply(T a, double b);
    static abstract T Multiply(T a, T b);
    static abstract T Divide(T a, T b);
    static abstract T Reciprocal(T a);
    static abstract T OneMinus(T a);
    static abstract T Min(T a, double b);
    static abstract T Max(T a, double b);

    /// <summary>(coefficient · loss factor) · <paramref name="perTensor"/>, in the reference's order.</summary>
    static abstract T TimesLossFactor(double coefficient, LossFactor factor, T perTensor);

    /// <summary>The value <paramref name="value"/> where <paramref name="like"/> lives.</summary>
    static abstract T Constant(T like, double value);
}

/// <summary>Host doubles: the fused CPU strategy's per-tensor scalars.</summary>
internal readonly struct HostScalars : IScalarMath<double>
{
    public static double Add(double a, double b) => a + b;
    public static double Multiply(double a, double b) => a * b;
    public static double Divide(double a, double b) => a / b;
    public static double Reciprocal(double a) => 1.0 / a;
    public static double OneMinus(double a) => 1.0 - a;
    public static double Min(double a, double b) => Math.Min(a, b);
    public static double Max(double a, double b) => Math.Max(a, b);
    public static double TimesLossFactor(double coefficient, LossFactor factor, double perTensor) => factor is LossFactor.OnHost host
        ? coefficient * host.Value * perTensor
        : throw new ArgumentException("Host scalars take the loss factor on the host (LossFactor.Host).", nameof(factor));
    public static double Constant(double like, double value) => value;
}

/// <summary>0-dim tensors on the parameter's device: the per-tensor strategy's scalars.</summary>
internal readonly struct DeviceScalars : IScalarMath<Tensor>
{
    public static Tensor Add(Tensor a, double b) => a + b;
    public static Tensor Multiply(Tensor a, double b) => a * b;
    public static Tensor Multiply(Tensor a, Tensor b) => a * b;
    public static Tensor Divide(Tensor a, Tensor b) => a / b;
    public static Tensor Reciprocal(Tensor a) => a.reciprocal();
    public static Tensor OneMinus(Tensor a) => 1.0 - a;
    public static Tensor Min(Tensor a, double b) => a.clamp_max(b);
    public static Tensor Max(Tensor a, double b) => a.clamp_min(b);

    /// <remarks>A device factor follows <paramref name="perTensor"/> to its device (a no-op in the usual one-device model).</remarks>
    public static Tensor TimesLossFactor(double coefficient, LossFactor factor, Tensor perTensor) => factor switch
    {
        LossFactor.OnDevice device => (device.Value.to(perTensor.device) * coefficient) * perTensor,
        LossFactor.OnHost host => (coefficient * host.Value) * perTensor,
        _ => throw new ArgumentOutOfRangeException(nameof(factor)),
    };

    public static Tensor Constant(Tensor like, double value) => full(Array.Empty<long>(), value, like.dtype, like.device);
}
