using System.CommandLine;
using System.Globalization;
using VeloGrad.Reporting;
using VeloGrad.Training.Augmentation;
using VeloGrad.Training.Data;
using VeloGrad.Training.Loading;
using static TorchSharp.torch;

namespace VeloGrad.Cli.Commands;

/// <summary><c>velograd data inspect</c>: what a dataset holds, where it came from, and what the model sees.</summary>
internal static class DataCommand
{
    public static Command Build()
    {
        var data = new Command("data", "Inspect datasets and preview augmented images.");
        var inspect = new Command("inspect", "Show a dataset's splits, image shape, per-class counts, content checksum and origin.");
        var options = new DatasetOptions();
        options.AddTo(inspect);
        var preview = new Option<string?>("--preview") { Description = "Write a grid of augmented training images with their labels to this PNG file." };
        var previewCount = new Option<int>("--preview-count") { Description = "How many images the preview shows.", DefaultValueFactory = _ => 32 };
        OptionParsing.RequireAtLeastOne(previewCount, "a preview shows at least 1 image.");
        inspect.Options.Add(preview);
        inspect.Options.Add(previewCount);
        inspect.SetAction(parse => UserErrors.Run(parse, () =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(preview) is { } target) CheckPreviewPath(target); // before the data loads and the description prints
            using var splits = options.Load(parse, output);
            Describe(splits, output);
            if (parse.GetValue(preview) is { } png)
            {
                WritePreview(splits.Train, png, parse.GetValue(previewCount), parse.GetValue(options.Seed));
                output.WriteLine($"preview   {png}");
            }
            return 0;
        }));
        data.Subcommands.Add(inspect);
        return data;
    }

    /// <summary>The preview is one PNG file: a folder, or a file in a folder that does not exist, is refused with what to give.</summary>
    private static void CheckPreviewPath(string path)
    {
        if (Directory.Exists(path))
            throw new ArgumentException($"--preview: '{path}' is a folder; the preview is one PNG file: give its path, e.g. {Path.Combine(path, "preview.png")}.");
        string? parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (parent is not null && !Directory.Exists(parent))
            throw new ArgumentException($"--preview: the folder '{parent}' does not exist: make it first, or give a PNG path in a folder that does.");
    }

    private static void Describe(DatasetSplits splits, TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine($"source    {splits.Train.Source}");
        o.WriteLine($"shape     {string.Join("×", splits.Train.ImageShape)} (uint8), {splits.Train.ClassNames.Count} classes");
        o.WriteLine();
        o.WriteLine($"{"split",-8} {"samples",9}  checksum");
        foreach (var split in new[] { splits.Train, splits.Test })
            o.WriteLine(string.Create(c, $"{split.Split,-8} {split.Count,9:N0}  {split.Checksum()}"));
        o.WriteLine();
        o.WriteLine($"{"class",-16} {"train",9} {"test",9}");
        var train = splits.Train.ClassCounts();
        var test = splits.Test.ClassCounts();
        for (int k = 0; k < train.Length; k++)
            o.WriteLine(string.Create(c, $"{splits.Train.ClassNames[k],-16} {train[k],9:N0} {test[k],9:N0}"));
    }

    private static void WritePreview(ImageDataset train, string path, int count, ulong seed)
    {
        var augmentation = new AugmentationOptions();
        var loader = new BatchLoader(train, new TrainingAugmentation(augmentation), batchSize: Math.Min(count, (int)train.Count), seed: seed, prefetch: false);
        using var batch = loader.Epoch(0).First();
        using var scope = NewDisposeScope();
        long channels = batch.Images.shape[1];
        var mean = tensor(augmentation.Mean.ToArray()).view(1, channels, 1, 1);
        var std = tensor(augmentation.Std.ToArray()).view(1, channels, 1, 1);
        var pixels = (batch.Images * std + mean).mul_(255).round_().clamp_(0, 255).to(ScalarType.Byte).permute(0, 2, 3, 1).contiguous();
        int height = (int)pixels.shape[1], width = (int)pixels.shape[2];
        var images = Enumerable.Range(0, (int)batch.Size).Select(i => pixels[i].data<byte>().ToArray()).ToList();
        var captions = batch.Labels.data<long>().Select(label => train.ClassNames[(int)label]).ToList();
        ImageGrid.SavePng(path, images, captions, height, width, columns: 8);
    }
}
