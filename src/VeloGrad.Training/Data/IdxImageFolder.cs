using static TorchSharp.torch;

namespace VeloGrad.Training.Data;

/// <summary>
/// A dataset in (Fashion-)MNIST's layout: four IDX files (gzipped or not) in one folder, 28×28 grey images and labels
/// 0–9. Served as 1×28×28, as torchvision's <c>ToTensor()</c> gives it (DeepOBS's networks), or as 3×32×32 (zero-padded by
/// 2, the channel repeated) for the CIFAR-sized models and augmentation.
/// </summary>
public sealed record IdxImageFolder(string Name, string DisplayName, IReadOnlyList<string> ClassNames)
{
    public const int NativeSize = 28, ServedSize = 32;

    public static readonly IReadOnlyList<(string Split, string Images, string Labels)> Files =
        [("train", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"), ("test", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")];

    /// <summary>The four file names, without .gz.</summary>
    public static IEnumerable<string> FileNames => Files.SelectMany(f => new[] { f.Images, f.Labels });

    /// <summary>Whether the four files are in <paramref name="folder"/>.</summary>
    public static bool IsPresent(string folder) => FileNames.All(f => Find(folder, f) is not null);

    /// <summary>Both splits; <paramref name="native"/> keeps 1×28×28.</summary>
    public DatasetSplits Load(string folder, bool native, string remedy)
    {
        if (!Directory.Exists(folder))
            throw new DatasetException($"{DisplayName} folder '{folder}' does not exist. {remedy}");
        var splits = Files.Select(f => Read(folder, f.Split, f.Images, f.Labels, native)).ToArray();
        return new DatasetSplits(splits[0], splits[1]);
    }

    private ImageDataset Read(string folder, string split, string imagesName, string labelsName, bool native)
    {
        string imagesPath = Find(folder, imagesName) ?? throw Missing(folder, imagesName);
        string labelsPath = Find(folder, labelsName) ?? throw Missing(folder, labelsName);
        var (imageDims, pixels) = IdxFile.Read(imagesPath, expectedDimensions: 3);
        var (labelDims, labelBytes) = IdxFile.Read(labelsPath, expectedDimensions: 1);
        if (imageDims[0] != labelDims[0])
            throw new DatasetException($"'{imagesPath}' holds {imageDims[0]:N0} images but '{labelsPath}' {labelDims[0]:N0} labels; the two files do not belong together.");
        for (int i = 0; i < labelBytes.Length; i++)
        {
            if (labelBytes[i] >= ClassNames.Count)
                throw new DatasetException($"'{labelsPath}' has label {labelBytes[i]} at position {i:N0}; labels must be 0–{ClassNames.Count - 1}. The file is corrupt.");
        }
        var images = tensor(pixels, [imageDims[0], 1, imageDims[1], imageDims[2]]);
        if (!native)
        {
            int pad = (ServedSize - NativeSize) / 2;
            using var single = images;
            using var padded = nn.functional.pad(single, [pad, pad, pad, pad]);
            images = padded.expand(-1, 3, -1, -1).contiguous();
        }
        return new ImageDataset(Name, split, images, tensor(labelBytes.Select(b => (long)b).ToArray()), ClassNames, folder);
    }

    public static string? Find(string folder, string name) =>
        new[] { name, name + ".gz" }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);

    private DatasetException Missing(string folder, string name) =>
        new($"{DisplayName} file '{Path.Combine(folder, name)}(.gz)' is missing: the folder must hold {string.Join(", ", FileNames)} (gzipped or not).");
}
