namespace VeloGrad.Training.Data;

/// <summary>A dataset's training and test splits.</summary>
public sealed record DatasetSplits(ImageDataset Train, ImageDataset Test) : IDisposable
{
    public string Name => Train.Name;

    /// <summary>Both splits cut to at most the given sizes, class-balanced (null: whole split).</summary>
    public DatasetSplits Limit(int? trainLimit, int? testLimit) =>
        new(trainLimit is int t ? Train.Subset(t) : Train, testLimit is int s ? Test.Subset(s) : Test);

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
