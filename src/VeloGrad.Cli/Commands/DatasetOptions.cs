using System.CommandLine;
using VeloGrad.Training.Data;
using VeloGrad.Training.Experiments;

namespace VeloGrad.Cli.Commands;

/// <summary>The options that choose and load a dataset, shared by the commands that need one.</summary>
internal sealed class DatasetOptions
{
    public Option<string> Dataset { get; } = new Option<string>("--dataset")
    {
        Description = $"Dataset: {string.Join(", ", DatasetCatalog.Names)} (auto: CIFAR-10 if present, else downloaded if the network answers, else Fashion-MNIST if installed, else synthetic; quadratic: the noise of --model quadratic-deep).",
        DefaultValueFactory = _ => DatasetCatalog.Auto,
    }.Sets(nameof(TrainingConfig.Dataset));

    public Option<string?> DataRoot { get; } = new("--data") { Description = "Folder holding CIFAR-10 (cifar-10-batches-bin or cifar-10-binary.tar.gz) and MNIST (mnist/); default $VELOGRAD_DATA or ./data." };
    public Option<string?> FashionMnistFolder { get; } = new("--fashion-mnist-dir") { Description = $"Folder of the Fashion-MNIST IDX files; default {FashionMnist.DebianFolder}." };
    public Option<bool> Download { get; } = new("--download") { Description = "With --dataset cifar10 or mnist: download it (MD5-checked) into the data folder if it is not there. (--dataset auto downloads by default.)" };
    public Option<bool> NoDownload { get; } = new("--no-download") { Description = "Never download: --dataset auto then falls back to Fashion-MNIST or the synthetic set at once." };
    public Option<int?> TrainLimit { get; } = new Option<int?>("--train-limit") { Description = "Use at most this many training samples, class-balanced." }.Sets(nameof(TrainingConfig.TrainLimit));
    public Option<int?> TestLimit { get; } = new Option<int?>("--test-limit") { Description = "Use at most this many test samples, class-balanced." }.Sets(nameof(TrainingConfig.TestLimit));
    public Option<ulong> Seed { get; } = new("--seed")
    {
        Description = "Seed of the run (synthetic data, order, augmentation).",
        DefaultValueFactory = _ => 0,
        CustomParser = result => OptionParsing.With(result, OptionParsing.Seed),
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Dataset, DataRoot, FashionMnistFolder, Download, NoDownload, TrainLimit, TestLimit, Seed })
            command.Options.Add(option);
    }

    /// <summary>Resolves, downloads if asked, loads and limits the dataset; says which one was chosen. (Fashion-)MNIST comes
    /// as 1×28×28 for the models that take it so (<see cref="ModelCatalog.TakesNativeImages"/>).</summary>
    public DatasetSplits Load(ParseResult parse, TextWriter output, string? model = null) =>
        Load(parse, Fetch(Resolve(parse), output), parse.GetValue(TrainLimit), parse.GetValue(TestLimit), model);

    /// <summary>Which dataset the options mean here, decided without downloading anything (a configuration is built and
    /// checked with it first); <see cref="Fetch"/> then brings its data.</summary>
    public DatasetChoice Resolve(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string name = parse.GetValue(Dataset) ?? DatasetCatalog.Auto;
        if (parse.GetValue(Download) && parse.GetValue(NoDownload))
            throw new ArgumentException("--download and --no-download contradict each other: give the one you mean.");
        bool allowDownload = !parse.GetValue(NoDownload) && (name == DatasetCatalog.Auto || parse.GetValue(Download));
        return DatasetSelection.Resolve(name, Location(parse).Root ?? DatasetCatalog.DefaultDataRoot, parse.GetValue(FashionMnistFolder), allowDownload);
    }

    /// <summary>Downloads what <paramref name="choice"/> still needs (with progress) and says which dataset was chosen and why.</summary>
    public static DatasetChoice Fetch(DatasetChoice choice, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var progress = ConsoleProgress.For(output, "download");
        var fetched = choice.Fetch(new Progress<(long Done, long? Total)>(p => progress.Report(p.Total is long t && t > 0 ? (double)p.Done / t : 0, $"{p.Done / 1e6:F1} MB")));
        output.WriteLine($"dataset   {fetched.Dataset} ({fetched.Reason})");
        return fetched;
    }

    /// <summary>Loads the chosen dataset, cut to the split sizes the caller decided.</summary>
    public DatasetSplits Load(ParseResult parse, DatasetChoice choice, int? trainLimit, int? testLimit, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var at = Location(parse);
        return DatasetCatalog.Load(choice.Dataset, parse.GetValue(Seed), at.Root ?? DatasetCatalog.DefaultDataRoot, at.FashionMnistFolder, trainLimit, testLimit,
            model is not null && ModelCatalog.TakesNativeImages(model));
    }

    /// <summary>The data folders the options name (null: the defaults).</summary>
    public DataLocation Location(ParseResult parse) => new(parse.GetValue(DataRoot), parse.GetValue(FashionMnistFolder));
}
