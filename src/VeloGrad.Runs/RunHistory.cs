using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VeloGrad.Runs;

/// <summary>A run's configuration, environment, per-epoch figures and outcome: history.json and history.csv.</summary>
public sealed class RunHistory
{
    public const string JsonFileName = "history.json", CsvFileName = "history.csv";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a diverged epoch's NaN stays readable
    };

    public required TrainingConfig Config { get; set; }
    public required RunEnvironment Environment { get; set; }
    public string DatasetSource { get; set; } = "";

    /// <summary>The content checksum of the training and test splits the run used (null in older histories).</summary>
    public string? DatasetChecksum { get; set; }

    /// <summary>The code that ran it: library version and commit (null in older histories).</summary>
    public string? CodeVersion { get; set; }

    /// <summary>What makes this run the run it is; see <see cref="RunIdentity"/>.</summary>
    [JsonIgnore]
    public RunIdentity Identity => new(Config, DatasetChecksum, CodeVersion);
    /// <summary>The split every epoch's val_* figures come from: "validation" (held out of the training set) or "test".</summary>
    public string EvaluatedOn => Config.EvaluationSplit;

    /// <summary>The evaluation before the first step (epoch 0, as DeepOBS's protocol evaluates): the evaluation split's
    /// loss and metric of the model as it starts (no training figures; its time is the evaluation's, outside
    /// <see cref="TotalTime"/>). Null in histories written before it was recorded.</summary>
    public EpochMetrics? Initial { get; set; }

    public List<EpochMetrics> Epochs { get; init; } = [];
    public RunStatus Status { get; set; } = RunStatus.Running;
    public string? Message { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Training time: the sum of the epochs' times (training and evaluation), as the reference's total.</summary>
    public double TotalTime => Epochs.Sum(e => e.EpochTime);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes history.json and history.csv into <paramref name="folder"/>, each atomically.</summary>
    public void Save(string folder)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, JsonFileName), ToJson());
        AtomicFile.WriteAllText(Path.Combine(folder, CsvFileName), ToCsv());
    }

    public static RunHistory FromJson(string json, string pathForErrors)
    {
        try
        {
            return JsonSerializer.Deserialize<RunHistory>(json, JsonOptions) ?? throw new InvalidDataException($"'{pathForErrors}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{pathForErrors}' is not a VeloGrad run history: {JsonFileError.Describe(e)}. Restore it from a copy, or run again into another folder.", e);
        }
    }

    public static RunHistory Load(string path) =>
        File.Exists(path) ? FromJson(File.ReadAllText(path), path) : throw new FileNotFoundException($"No run history at '{path}'.", path);

    public string ToCsv()
    {
        var c = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("epoch,train_loss,train_acc,val_loss,val_acc,val_f1,val_precision,val_recall,epoch_time,skipped_steps,loss_scale,learning_rate,peak_resident_mb,evaluated_on\n");
        foreach (var e in Initial is null ? Epochs : Epochs.Prepend(Initial))
            csv.Append(c, $"{e.Epoch},{e.TrainLoss:R},{e.TrainAcc:R},{e.ValLoss:R},{e.ValAcc:R},{e.ValF1:R},{e.ValPrecision:R},{e.ValRecall:R},{e.EpochTime:R},{e.SkippedSteps},{e.LossScale:R},{e.LearningRate:R},{e.PeakResidentMb:R},{EvaluatedOn}\n");
        return csv.ToString();
    }
}
