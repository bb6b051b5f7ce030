using System.CommandLine;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Models;
using VeloGrad.Training.Optimizers;

namespace VeloGrad.Cli.Commands;

/// <summary>The options of a training run that <c>train</c> and <c>compare</c> share.</summary>
internal sealed class TrainingOptions
{
    public Option<string> Model { get; } = new("--model")
    {
        Description = $"Model: {string.Join(", ", ModelRegistry.Names)}.",
        DefaultValueFactory = _ => ModelRegistry.ResNet18Name,
    };

    public Option<int> Epochs { get; } = new("--epochs") { Description = "Epochs to train.", DefaultValueFactory = _ => 20 };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Micro-batch size.", DefaultValueFactory = _ => 128 };
    public Option<int> Accumulation { get; } = new("--accumulation") { Description = "Micro-batches per optimizer step (gradient accumulation).", DefaultValueFactory = _ => 2 };

    public Option<string> Precision { get; } = new("--precision")
    {
        Description = "auto (the reference's choice: float16 mixed precision on CUDA, float32 on the CPU), float32, or mixed precision in bfloat16 or float16 (autocast forward, float32 weights and optimizer state; float16 with dynamic loss scaling), on either device.",
        DefaultValueFactory = _ => Precisions.Auto,
    };

    public Option<string> Device { get; } = new("--device") { Description = "auto (CUDA when available), cpu or cuda.", DefaultValueFactory = _ => "auto" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Epochs, BatchSize, Accumulation, Precision, Device })
            command.Options.Add(option);
    }

    public TrainingConfig Config(ParseResult parse, string dataset, DatasetOptions data, string optimizer) => new()
    {
        Dataset = dataset,
        TrainLimit = parse.GetValue(data.TrainLimit),
        TestLimit = parse.GetValue(data.TestLimit),
        Model = parse.GetValue(Model)!,
        Optimizer = OptimizerSpec.Parse(optimizer).ToString(),
        Epochs = parse.GetValue(Epochs),
        BatchSize = parse.GetValue(BatchSize),
        AccumulationSteps = parse.GetValue(Accumulation),
        Seed = parse.GetValue(data.Seed),
        Precision = parse.GetValue(Precision)!,
        Device = parse.GetValue(Device)!,
    };
}
