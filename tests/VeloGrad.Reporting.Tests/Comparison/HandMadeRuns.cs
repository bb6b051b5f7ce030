namespace VeloGrad.Reporting.Tests.Comparison;

/// <summary>Writes histories with chosen figures in a comparison folder's layout.</summary>
internal sealed class HandMadeRuns : IDisposable
{
    public HandMadeRuns(string? folder = null) => Folder = folder ?? Directory.CreateTempSubdirectory("velograd-report-").FullName;

    public string Folder { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>A run whose epochs have the given validation accuracies and training losses.</summary>
    public void Add(string optimizer, ulong seed, double[] valAcc, double[] trainLoss, double f1 = 0.5, RunStatus status = RunStatus.Completed, double epochTime = 10,
        Func<TrainingConfig, TrainingConfig>? configure = null)
    {
        var spec = OptimizerSpec.Parse(optimizer);
        Save(spec, seed, (configure ?? (c => c))(new TrainingConfig { Optimizer = spec, Seed = seed, Epochs = valAcc.Length }), status,
            [.. valAcc.Select((acc, i) => new EpochMetrics
            {
                Epoch = i + 1, TrainLoss = trainLoss[i], TrainAcc = acc, ValLoss = trainLoss[i], ValAcc = acc,
                ValF1 = f1, ValPrecision = f1, ValRecall = acc / 100, EpochTime = epochTime, ConfusionMatrix = [[1, 0], [0, 1]],
            })]);
    }

    /// <summary>A run of a model that is its own loss (the VAE): no accuracy, the given evaluation losses.</summary>
    public void AddLoss(string optimizer, ulong seed, double[] valLoss, double epochTime = 10, string model = ModelCatalog.VaeName, string dataset = "fashion-mnist",
        double? initial = null, int? trainLimit = null)
    {
        var spec = OptimizerSpec.Parse(optimizer);
        Save(spec, seed, new TrainingConfig { Optimizer = spec, Seed = seed, Epochs = valLoss.Length, Model = model, Dataset = dataset, TrainLimit = trainLimit },
            RunStatus.Completed, [.. valLoss.Select((loss, i) => new EpochMetrics { Epoch = i + 1, TrainLoss = loss + 1, ValLoss = loss, EpochTime = epochTime })],
            initial is double start ? new EpochMetrics { Epoch = 0, ValLoss = start } : null);
    }

    private void Save(OptimizerSpec spec, ulong seed, TrainingConfig config, RunStatus status, List<EpochMetrics> epochs, EpochMetrics? initial = null)
    {
        string folder = RunLayout.RunFolder(Folder, spec, seed);
        Directory.CreateDirectory(folder);
        new RunHistory
        {
            Config = config,
            DatasetChecksum = "data",
            CodeVersion = "code",
            Environment = new RunEnvironment("m", "os", "x64", 2, 2, ".NET", "0.107", "0.1", "cpu", "float32"),
            Status = status,
            Initial = initial,
            Epochs = epochs,
        }.Save(folder);
    }
}
