using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Tests.Support;

/// <summary>A golden trajectory of the reference optimizer (format: Golden/README.md).</summary>
internal sealed class GoldenCase
{
    private readonly JsonElement _root;

    private GoldenCase(JsonElement root) => _root = root;

    public static GoldenCase Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new GoldenCase(document.RootElement.Clone());
    }

    public JsonElement Root => _root;

    public VeloGradOptions Hyper => ReadOptions(_root.GetProperty("hyper"), new VeloGradOptions());

    public List<Parameter> CreateParameters() =>
        _root.GetProperty("params").EnumerateArray().Select(p => new Parameter(Tensor(p))).ToList();

    /// <summary>The optimizer as the golden case configured it: one group, or its param groups.</summary>
    public VeloGradOptimizer CreateOptimizer(IReadOnlyList<Parameter> parameters, Func<VeloGradOptions, VeloGradOptions>? adjust = null)
    {
        adjust ??= o => o;
        var defaults = adjust(Hyper);
        var groups = _root.GetProperty("param_groups");
        if (groups.ValueKind == JsonValueKind.Null)
            return new VeloGradOptimizer(parameters, defaults);
        var paramGroups = groups.EnumerateArray().Select(g => new VeloGradOptimizer.ParamGroup(
            g.GetProperty("params").EnumerateArray().Select(i => parameters[i.GetInt32()]).ToList(),
            adjust(ReadOptions(g, Hyper)))).ToList();
        return new VeloGradOptimizer(paramGroups, defaults);
    }

    public static VeloGradOptions ReadOptions(JsonElement e, VeloGradOptions baseline)
    {
        var o = baseline;
        if (e.TryGetProperty("lr", out var lr)) o = o with { LearningRate = lr.GetDouble() };
        if (e.TryGetProperty("betas", out var betas)) o = o with { Beta1 = betas[0].GetDouble(), Beta2 = betas[1].GetDouble() };
        if (e.TryGetProperty("eps", out var eps)) o = o with { Epsilon = eps.GetDouble() };
        if (e.TryGetProperty("weight_decay", out var wd)) o = o with { WeightDecay = wd.GetDouble() };
        if (e.TryGetProperty("lookahead_k", out var k)) o = o with { LookaheadInterval = k.GetInt32() };
        if (e.TryGetProperty("alpha_slow", out var aSlow)) o = o with { SlowUpdateRate = aSlow.GetDouble() };
        if (e.TryGetProperty("alpha_interp", out var aInterp)) o = o with { InterpolationStrength = aInterp.GetDouble() };
        return o;
    }

    public IEnumerable<JsonElement> Steps => _root.GetProperty("steps").EnumerateArray();

    /// <summary>Sets each parameter's gradient as the step prescribes (null: no gradient).</summary>
    public static void AssignGradients(IReadOnlyList<Parameter> parameters, JsonElement step)
    {
        var grads = step.GetProperty("grads");
        for (int i = 0; i < parameters.Count; i++)
        {
            var g = grads[i];
            parameters[i].grad = g.ValueKind == JsonValueKind.Null
                ? null
                : tensor(Doubles(g), dtype: ScalarType.Float64).reshape(parameters[i].shape);
        }
    }

    public static Tensor Tensor(JsonElement spec)
    {
        var shape = spec.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        return tensor(Doubles(spec.GetProperty("data")), dtype: ScalarType.Float64).reshape(shape);
    }

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
