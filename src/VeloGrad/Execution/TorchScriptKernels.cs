using System.Collections.Concurrent;
using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>
/// libtorch's multi-tensor (<c>_foreach_*</c>) kernels, which TorchSharp does not bind, reached through TorchScript:
/// a script under <c>Execution/Scripts/</c> is compiled once per process by <c>torch.jit.compile</c> and its
/// functions are called with lists of tensors. Each call runs its operations inside libtorch, so a step costs a
/// few calls from .NET however many tensors it updates.
/// </summary>
internal sealed class TorchScriptKernels
{
    private static readonly ConcurrentDictionary<string, Lazy<TorchScriptKernels>> Compiled = new();
    private readonly jit.CompilationUnit _unit;

    private TorchScriptKernels(jit.CompilationUnit unit) => _unit = unit;

    /// <summary>The compiled script <c>Execution/Scripts/{name}.py</c>.</summary>
    public static TorchScriptKernels Of(string name) =>
        Compiled.GetOrAdd(name, n => new Lazy<TorchScriptKernels>(() => new TorchScriptKernels(jit.compile(Source(n))))).Value;

    internal static string Source(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"VeloGrad.Scripts.{name}.py")
            ?? throw new InvalidOperationException($"The TorchScript source {name}.py is missing from the VeloGrad assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Calls a function of the script. Doubles go in as scalars made and freed here; every returned tensor
    /// belongs to the caller's dispose scope.</summary>
    public Tensor[] Call(string function, params object?[] arguments)
    {
        var scalars = new List<Scalar>();
        try
        {
            var converted = new object?[arguments.Length];
            for (int i = 0; i < arguments.Length; i++)
            {
                if (arguments[i] is double d)
                {
                    var scalar = d.ToScalar();
                    scalars.Add(scalar);
                    converted[i] = scalar;
                }
                else converted[i] = arguments[i];
            }
            return _unit.invoke(function, converted!) switch
            {
                Tensor[] many => many,
                Tensor one => [one],
                var other => throw new InvalidOperationException($"TorchScript function {function} returned {other?.GetType().Name ?? "nothing"}, not tensors."),
            };
        }
        finally
        {
            foreach (var scalar in scalars) scalar.Dispose();
        }
    }
}
