namespace VeloGrad.Training.Data;

/// <summary>
/// Fashion-MNIST from its IDX files (<see cref="IdxImageFolder"/>), by default where Debian's <c>dataset-fashion-mnist</c>
/// installs them. Served as 3×32×32 (zero-padded by 2, the channel repeated) so that the CIFAR models and augmentation
/// apply unchanged, or in its native 1×28×28 (DeepOBS's networks).
/// </summary>
public static class FashionMnist
{
    public const string Name = "fashion-mnist";
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";
    public const int NativeSize = IdxImageFolder.NativeSize;
    public const int ServedSize = IdxImageFolder.ServedSize;

    public static readonly IReadOnlyList<string> ClassNames =
        ["t-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"];

    private static readonly IdxImageFolder Layout = new(Name, "Fashion-MNIST", ClassNames);

    /// <summary>Whether the four files are in <paramref name="folder"/>.</summary>
    public static bool IsPresent(string folder) => IdxImageFolder.IsPresent(folder);

    /// <summary>Both splits; <paramref name="native"/> keeps 1×28×28.</summary>
    public static DatasetSplits Load(string? folder = null, bool native = false) =>
        Layout.Load(folder ?? DebianFolder, native,
            "On Debian: apt-get install dataset-fashion-mnist; or pass the folder holding train-images-idx3-ubyte(.gz) and its three siblings.");
}
