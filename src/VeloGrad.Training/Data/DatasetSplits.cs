using VeloGrad.Training.Loading;
using static TorchSharp.torch;

namespace VeloGrad.Training.Data;

/// <summary>A dataset's training and test splits.</summary>
public sealed record DatasetSplits(ImageDataset Train, ImageDataset Test) : IDisposable
{
    private const ulong ValidationStream = 11;

    public string Name => Train.Name;

    /// <summary>Both splits cut to at most the given sizes, class-balanced (null: whole split).</summary>
    public DatasetSplits Limit(int? trainLimit, int? testLimit) =>
        new(trainLimit is int t ? Train.Subset(t) : Train, testLimit is int s ? Test.Subset(s) : Test);

    /// <summary>
    /// The training split carved in two: <paramref name="fraction"/> of each class (rounded, at least one image of a
    /// class that has two), drawn at random with <paramref name="seed"/>, becomes the evaluation split (named
    /// "validation"); the rest is trained on. The test split is left out: a run on these splits never reads it.
    /// </summary>
    public DatasetSplits WithValidation(double fraction, ulong seed)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must lie in (0, 1).");
        var labels = Train.Labels.data<long>().ToArray();
        using var generator = new Generator(SeedSequence.Derive(seed, ValidationStream));
        using var order = randperm(labels.Length, generator: generator);
        var shuffled = order.data<long>().ToArray();
        var held = new bool[labels.Length];
        for (int c = 0; c < Train.ClassNames.Count; c++)
        {
            var ofClass = shuffled.Where(i => labels[i] == c).ToList();
            int take = ofClass.Count < 2 ? 0 : Math.Clamp((int)Math.Round(fraction * ofClass.Count, MidpointRounding.AwayFromZero), 1, ofClass.Count - 1);
            foreach (long i in ofClass.Take(take)) held[i] = true;
        }
        long[] validation = [.. Enumerable.Range(0, labels.Length).Where(i => held[i]).Select(i => (long)i)];
        long[] rest = [.. Enumerable.Range(0, labels.Length).Where(i => !held[i]).Select(i => (long)i)];
        // Every class with two images or more gives at least one, whatever the fraction: an empty split means none has two.
        if (validation.Length == 0) throw new ArgumentException($"No class among the {labels.Length:N0} training images has the 2 images it takes to give one to a validation split: use more training images (--train-limit), or --validation-split 0.");
        string how = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{fraction} of the training split, seed {seed}");
        return new DatasetSplits(
            Train.Select(rest, Train.Split, $"{Train.Source} (training split less a validation split of {how})"),
            Train.Select(validation, TrainingConfig.ValidationSplitName, $"{Train.Source} (validation split: {how})"));
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
