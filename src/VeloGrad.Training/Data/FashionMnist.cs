using static TorchSharp.torch;

namespace VeloGrad.Training.Data;

/// <summary>
/// Fashion-MNIST from its IDX files (gzipped or not), by default where Debian's <c>dataset-fashion-mnist</c>
/// installs them. Served as 3×32×32 (zero-padded by 2, the channel repeated) so that the CIFAR models and
/// augmentation apply unchanged, or in its native 1×28×28.
/// </summary>
public static class FashionMnist
{
    public const string Name = "fashion-mnist";
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";
    public const int NativeSize = 28;
    public const int ServedSize = 32;

    public static readonly IReadOnlyList<string> ClassNames =
        ["t-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"];

    private static readonly (string Split, string Images, string Labels)[] Files =
        [("train", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"), ("test", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")];

    /// <summary>Whether the four files are in <paramref name="folder"/>.</summary>
    public static bool IsPresent(string folder) =>
        Files.All(f => Find(folder, f.Images) is not null && Find(folder, f.Labels) is not null);

    /// <summary>Both splits; <paramref name="native"/> keeps 1×28×28.</summary>
    public static DatasetSplits Load(string? folder = null, bool native = false)
    {
        folder ??= DebianFolder;
        if (!Directory.Exists(folder))
            throw new DatasetException($"Fashion-MNIST folder '{folder}' does not exist. On Debian: apt-get install dataset-fashion-mnist; or pass the folder holding train-images-idx3-ubyte(.gz) and its three siblings.");
        var splits = Files.Select(f => Read(folder, f.Split, f.Images, f.Labels, native)).ToArray();
        return new DatasetSplits(splits[0], splits[1]);
    }

    private static ImageDataset Read(string folder, string split, string imagesName, string labelsName, bool native)
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
                throw new DatasetException($"'{labelsPath}' has label {labelBytes[i]} at position {i:N0}; labels must be 0–9. The file is corrupt.");
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

    private static string? Find(string folder, string name) =>
        new[] { name, name + ".gz" }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);

    private static DatasetException Missing(string folder, string name) =>
        new($"Fashion-MNIST file '{Path.Combine(folder, name)}(.gz)' is missing: the folder must hold train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (gzipped or not).");
}
