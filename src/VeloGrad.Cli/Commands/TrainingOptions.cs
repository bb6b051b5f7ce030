using System.CommandLine;
using VeloGrad.Training.Engine;
using VeloGrad.Training.Optimizers;

namespace VeloGrad.Cli.Commands;

/// <summary>The options of a training run that <c>train</c>, <c>compare</c>, <c>tune</c> and <c>ablate</c> share, parsed once into a
/// <see cref="TrainingConfig"/>; their defaults are the configuration's.</summary>
internal sealed class TrainingOptions(double? defaultValidationSplit = null)
{
    private static readonly TrainingConfig Defaults = new();

    public Option<string> Model { get; } = new Option<string>("--model")
    {
        Description = $"Model: {string.Join(", ", ModelCatalog.Names)}.",
        DefaultValueFactory = _ => Defaults.Model,
    }.Sets(nameof(TrainingConfig.Model));

    public Option<int> Epochs { get; } = new Option<int>("--epochs") { Description = "Epochs to train.", DefaultValueFactory = _ => Defaults.Epochs }.Sets(nameof(TrainingConfig.Epochs));
    public Option<int> BatchSize { get; } = new Option<int>("--batch-size") { Description = "Micro-batch size.", DefaultValueFactory = _ => Defaults.BatchSize }.Sets(nameof(TrainingConfig.BatchSize));
    public Option<int> Accumulation { get; } = new Option<int>("--accumulation") { Description = "Micro-batches per optimizer step (gradient accumulation).", DefaultValueFactory = _ => Defaults.AccumulationSteps }.Sets(nameof(TrainingConfig.AccumulationSteps));

    public Option<string> Precision { get; } = new Option<string>("--precision")
    {
        Description = "auto (float16 mixed precision on CUDA, as the reference; bfloat16 mixed precision on a CPU with bfloat16 arithmetic (avx512_bf16, amx_bf16), float32 on other CPUs), float32 (the reference's arithmetic on a CPU), or mixed precision in bfloat16 or float16 (autocast forward, float32 weights and optimizer state; float16 with dynamic loss scaling), on either device.",
        DefaultValueFactory = _ => SettingNames.Of(Defaults.Precision),
    }.Sets(nameof(TrainingConfig.Precision));

    public Option<string> Device { get; } = new Option<string>("--device")
    {
        Description = "auto (CUDA when available), cpu or cuda.",
        DefaultValueFactory = _ => SettingNames.Of(Defaults.Device),
    }.Sets(nameof(TrainingConfig.Device));

    public Option<double> ValidationSplit { get; } = new Option<double>("--validation-split")
    {
        Description = "Hold out this fraction of the training set (class-balanced, drawn with --seed) and evaluate on it instead of the test set, which is then not read (0: none, evaluate on the test set).",
        DefaultValueFactory = _ => defaultValidationSplit ?? Defaults.ValidationSplit,
    }.Sets(nameof(TrainingConfig.ValidationSplit));

    public Option<string> Schedule { get; } = new Option<string>("--schedule")
    {
        Description = "Learning-rate schedule, the same for every optimizer: constant (the reference), cosine (to 0), onecycle (PyTorch's OneCycleLR, cycling beta1 or momentum), step (x0.1 at 1/2 and 3/4 of the run).",
        DefaultValueFactory = _ => SettingNames.Of(Defaults.Schedule),
    }.Sets(nameof(TrainingConfig.Schedule));

    public Option<int> WarmupEpochs { get; } = new Option<int>("--warmup-epochs")
    {
        Description = "Epochs of linear learning-rate warm-up before the schedule (for onecycle: its rising phase, else 30 % of the run).",
        DefaultValueFactory = _ => Defaults.WarmupEpochs,
    }.Sets(nameof(TrainingConfig.WarmupEpochs));

    public Option<bool?> ChannelsLast { get; } = new Option<bool?>("--channels-last")
    {
        Description = "Feed the model batches in channels-last memory order (NHWC), in which convolutions often run faster; parameters and checkpoints keep the ordinary order. Default: on for a convolutional model on the CPU (1.1–1.4× faster there), off on CUDA (not yet measured there) and for models without convolutions; --channels-last false turns it off.",
    }.Sets(nameof(TrainingConfig.ChannelsLast));

    public Option<bool> DropLast { get; } = new("--drop-last")
    {
        Description = "Drop the last, partial batch of every epoch, in training and evaluation, as DeepOBS's data loaders do.",
    };

    public Option<double> WeightL2 { get; } = new Option<double>("--weight-l2")
    {
        Description = "Add ½·λ·Σw² over the weights (not the biases) to the loss, in training and in the evaluated loss, as DeepOBS's weight-regularised problems do (cifar10_3c3d: 0.002). Not weight decay: the optimizer sees it as part of the objective.",
        DefaultValueFactory = _ => Defaults.WeightL2,
    }.Sets(nameof(TrainingConfig.WeightL2));

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Epochs, BatchSize, Accumulation, Precision, Device, ValidationSplit, Schedule, WarmupEpochs, ChannelsLast, DropLast, WeightL2 })
            command.Options.Add(option);
    }

    /// <summary>The run's configuration from the command line, built once and checked: <paramref name="dataset"/> is
    /// the resolved one (<see cref="DatasetOptions.Resolve"/>), and <paramref name="quick"/>, where the command has
    /// --quick, fills in what the user did not set.</summary>
    public TrainingConfig Config(ParseResult parse, DatasetOptions data, OptimizerSpec optimizer, string dataset, QuickPreset? quick = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(data);
        T Value<T>(Option<T> option, T quickValue) => quick is null ? parse.GetValue(option)! : quick.Pick(option, quickValue);
        var budget = quick?.Budget ?? new QuickBudget();
        string model = Value(Model, ComparisonPreset.QuickModel);
        var device = SettingNames.ParseDevice(parse.GetValue(Device)!);
        var config = new TrainingConfig
        {
            Dataset = dataset,
            TrainLimit = Value(data.TrainLimit, budget.TrainLimit),
            TestLimit = Value(data.TestLimit, budget.TestLimit),
            Model = model,
            Optimizer = optimizer,
            Epochs = Value(Epochs, budget.Epochs),
            BatchSize = parse.GetValue(BatchSize),
            AccumulationSteps = parse.GetValue(Accumulation),
            Seed = parse.GetValue(data.Seed),
            Precision = SettingNames.ParsePrecision(parse.GetValue(Precision)!),
            Device = device,
            ValidationSplit = parse.GetValue(ValidationSplit),
            ValidationSeed = parse.GetValue(ValidationSplit) > 0 ? parse.GetValue(data.Seed) : 0,
            Schedule = SettingNames.ParseSchedule(parse.GetValue(Schedule)!),
            WarmupEpochs = parse.GetValue(WarmupEpochs),
            ChannelsLast = parse.GetValue(ChannelsLast) ?? MemoryOrderDefaults.ChannelsLast(model, device),
            DropLast = parse.GetValue(DropLast),
            WeightL2 = parse.GetValue(WeightL2),
            Augmentation = AugmentationOptions.DefaultFor(model),
        };
        config.Validate();
        DeviceResolution.Resolve(config.Device); // CUDA asked for and missing is said before any data is chosen or loaded
        ModelCatalog.Validate(config.Model);
        OptimizerRecipes.Of(config.Optimizer); // the settings together (each alone was checked when parsed)
        return config;
    }
}
