using System.CommandLine;
using VeloGrad.Training.Optimizers;

namespace VeloGrad.Cli.Commands;

/// <summary>The options of a training run that <c>train</c> and <c>compare</c> share, parsed once into a
/// <see cref="TrainingConfig"/>; their defaults are the configuration's.</summary>
internal sealed class TrainingOptions
{
    private static readonly TrainingConfig Defaults = new();

    public Option<string> Model { get; } = new("--model")
    {
        Description = $"Model: {string.Join(", ", ModelCatalog.Names)}.",
        DefaultValueFactory = _ => Defaults.Model,
    };

    public Option<int> Epochs { get; } = new("--epochs") { Description = "Epochs to train.", DefaultValueFactory = _ => Defaults.Epochs };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Micro-batch size.", DefaultValueFactory = _ => Defaults.BatchSize };
    public Option<int> Accumulation { get; } = new("--accumulation") { Description = "Micro-batches per optimizer step (gradient accumulation).", DefaultValueFactory = _ => Defaults.AccumulationSteps };

    public Option<string> Precision { get; } = new("--precision")
    {
        Description = "auto (the reference's choice: float16 mixed precision on CUDA, float32 on the CPU), float32, or mixed precision in bfloat16 or float16 (autocast forward, float32 weights and optimizer state; float16 with dynamic loss scaling), on either device.",
        DefaultValueFactory = _ => SettingNames.Of(Defaults.Precision),
    };

    public Option<string> Device { get; } = new("--device")
    {
        Description = "auto (CUDA when available), cpu or cuda.",
        DefaultValueFactory = _ => SettingNames.Of(Defaults.Device),
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Epochs, BatchSize, Accumulation, Precision, Device })
            command.Options.Add(option);
    }

    /// <summary>The run's configuration from the command line, validated; the dataset name is the resolved one.</summary>
    public TrainingConfig Config(ParseResult parse, DatasetOptions data, OptimizerSpec optimizer, string dataset)
    {
        var config = new TrainingConfig
        {
            Dataset = dataset,
            TrainLimit = parse.GetValue(data.TrainLimit),
            TestLimit = parse.GetValue(data.TestLimit),
            Model = parse.GetValue(Model)!,
            Optimizer = optimizer,
            Epochs = parse.GetValue(Epochs),
            BatchSize = parse.GetValue(BatchSize),
            AccumulationSteps = parse.GetValue(Accumulation),
            Seed = parse.GetValue(data.Seed),
            Precision = SettingNames.ParsePrecision(parse.GetValue(Precision)!),
            Device = SettingNames.ParseDevice(parse.GetValue(Device)!),
        };
        config.Validate();
        ModelCatalog.Validate(config.Model);
        OptimizerRegistry.Validate(config.Optimizer);
        return config;
    }
}
