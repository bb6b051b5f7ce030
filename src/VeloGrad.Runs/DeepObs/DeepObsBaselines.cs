using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VeloGrad.Runs;

/// <summary>
/// DeepOBS's published baselines, carried into the project as data (<c>DeepObs/deepobs-baselines.json</c>, embedded):
/// per test problem and baseline optimizer (SGD, Momentum, Adam) the learning rate DeepOBS tuned and, per seed run that
/// was read from DeepOBS's <c>baselines/</c> folder, the test metric at epochs 0, 1, 2, 5, 10 and the last, with the file
/// it came from. The source and DeepOBS's protocol are stated in the file.
/// </summary>
public sealed record DeepObsBaselines(string Source, string Protocol, IReadOnlyDictionary<string, string> Optimizers, IReadOnlyList<DeepObsProblemBaselines> Problems)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The figures shipped with this build.</summary>
    public static DeepObsBaselines Published { get; } = Load();

    /// <summary>The baselines of <paramref name="problem"/> (DeepOBS's name, e.g. fmnist_2c2d), or null where DeepOBS published none.</summary>
    public DeepObsProblemBaselines? Of(string problem) => Problems.FirstOrDefault(p => p.Problem == problem);

    private static DeepObsBaselines Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("VeloGrad.Runs.deepobs-baselines.json")
            ?? throw new InvalidOperationException("The build lacks DeepOBS's baselines (DeepObs/deepobs-baselines.json).");
        return JsonSerializer.Deserialize<DeepObsBaselines>(stream, Options) ?? throw new InvalidDataException("deepobs-baselines.json is empty.");
    }
}

/// <summary>One DeepOBS test problem's published baselines: its metric (accuracy in %, or the loss), DeepOBS's epoch budget
/// and batch size, and each baseline optimizer's runs.</summary>
public sealed record DeepObsProblemBaselines(string Problem, string Metric, int Epochs, int BatchSize, IReadOnlyList<DeepObsBaseline> Baselines)
{
    [JsonIgnore]
    public WorkloadMetric Kind => Metric == "loss" ? WorkloadMetric.Loss : WorkloadMetric.Accuracy;

    /// <summary>The baseline named (SGD, Momentum, Adam), or null.</summary>
    public DeepObsBaseline? Of(string optimizer) => Baselines.FirstOrDefault(b => b.Optimizer == optimizer);

    /// <summary>The best baseline's mean final figure (highest accuracy or lowest loss): what a DeepOBS optimizer must reach.</summary>
    [JsonIgnore]
    public double BestFinal => Kind.HigherIsBetter() ? Baselines.Max(b => b.MeanAt(Epochs)!.Value) : Baselines.Min(b => b.MeanAt(Epochs)!.Value);
}

/// <summary>One baseline optimizer of a problem at DeepOBS's tuned learning rate, and its runs.</summary>
public sealed record DeepObsBaseline(string Optimizer, double LearningRate, IReadOnlyList<DeepObsRun> Runs)
{
    /// <summary>Each run's test figure after <paramref name="epoch"/> epochs, where published.</summary>
    public IReadOnlyList<double> At(int epoch) => [.. Runs.Where(r => r.Test.ContainsKey(epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        .Select(r => r.Test[epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)])];

    /// <summary>The mean over the runs after <paramref name="epoch"/> epochs, or null where none is published.</summary>
    public double? MeanAt(int epoch) => At(epoch) is { Count: > 0 } values ? values.Average() : null;
}

/// <summary>One published seed run: its test figure by epoch (as text keys: "0", "1", …) and the file it was read from.</summary>
public sealed record DeepObsRun(int Seed, IReadOnlyDictionary<string, double> Test, string File);
