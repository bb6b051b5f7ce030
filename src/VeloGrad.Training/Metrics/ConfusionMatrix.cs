namespace VeloGrad.Training.Metrics;

/// <summary>
/// Counts of (true class, predicted class), and the metrics the reference reports from them with
/// scikit-learn's <c>average='weighted'</c> semantics: per-class precision, recall and F1 averaged with weights
/// proportional to each class's support; a class never predicted has precision 0 (and F1 0).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    public ConfusionMatrix(int classes) => _counts = new long[classes, classes];

    public ConfusionMatrix(long[,] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.GetLength(0) != counts.GetLength(1)) throw new ArgumentException("A confusion matrix is square.", nameof(counts));
        _counts = (long[,])counts.Clone();
    }

    public int Classes => _counts.GetLength(0);

    /// <summary>How often class <paramref name="actual"/> was predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[actual, predicted];

    public long Total => Enumerable.Range(0, Classes).Sum(a => Support(a));

    public void Add(int actual, int predicted) => _counts[actual, predicted]++;

    public long Support(int actual) => Enumerable.Range(0, Classes).Sum(p => _counts[actual, p]);

    public long Predicted(int predicted) => Enumerable.Range(0, Classes).Sum(a => _counts[a, predicted]);

    public double Accuracy => Total == 0 ? 0 : (double)Enumerable.Range(0, Classes).Sum(k => _counts[k, k]) / Total;

    public double Precision(int k) => Predicted(k) == 0 ? 0 : (double)_counts[k, k] / Predicted(k);

    public double Recall(int k) => Support(k) == 0 ? 0 : (double)_counts[k, k] / Support(k);

    public double F1(int k)
    {
        double p = Precision(k), r = Recall(k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double WeightedPrecision => Weighted(Precision);
    public double WeightedRecall => Weighted(Recall);
    public double WeightedF1 => Weighted(F1);

    private double Weighted(Func<int, double> metric)
    {
        long total = Total;
        return total == 0 ? 0 : Enumerable.Range(0, Classes).Sum(k => metric(k) * Support(k)) / total;
    }

    /// <summary>Rows are true classes, columns predictions.</summary>
    public long[][] ToRows() => [.. Enumerable.Range(0, Classes).Select(a => Enumerable.Range(0, Classes).Select(p => _counts[a, p]).ToArray())];

    public static ConfusionMatrix FromRows(IReadOnlyList<long[]> rows)
    {
        var counts = new long[rows.Count, rows.Count];
        for (int a = 0; a < rows.Count; a++)
            for (int p = 0; p < rows.Count; p++) counts[a, p] = rows[a][p];
        return new ConfusionMatrix(counts);
    }
}
