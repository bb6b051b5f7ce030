using VeloGrad.Training.Metrics;

namespace VeloGrad.Training.Tests.Metrics;

/// <summary>Weighted metrics against values worked out by hand (scikit-learn's average='weighted').</summary>
public class ConfusionMatrixTests
{
    private static ConfusionMatrix From(int classes, int[] actual, int[] predicted)
    {
        var m = new ConfusionMatrix(classes);
        for (int i = 0; i < actual.Length; i++) m.Add(actual[i], predicted[i]);
        return m;
    }

    [Fact]
    public void Weighted_metrics_of_a_small_label_set()
    {
        // y_true = [0, 0, 1, 1, 1, 2], y_pred = [0, 1, 1, 1, 0, 2]
        // class 0: precision 1/2, recall 1/2, F1 1/2, support 2
        // class 1: precision 2/3, recall 2/3, F1 2/3, support 3
        // class 2: precision 1,   recall 1,   F1 1,   support 1
        var m = From(3, [0, 0, 1, 1, 1, 2], [0, 1, 1, 1, 0, 2]);
        double weighted = (2 * 0.5 + 3 * (2.0 / 3) + 1 * 1.0) / 6;
        Assert.Equal(4.0 / 6, m.Accuracy, 12);
        Assert.Equal(weighted, m.WeightedPrecision, 12);
        Assert.Equal(weighted, m.WeightedRecall, 12);
        Assert.Equal(weighted, m.WeightedF1, 12);
    }

    [Fact]
    public void A_class_never_predicted_counts_zero_precision_and_zero_F1()
    {
        // y_true = [0, 1, 2, 2], y_pred = [0, 1, 1, 1]: class 2 is never predicted.
        // class 0: p 1, r 1, f 1 (support 1); class 1: p 1/3, r 1, f 0.5 (support 1); class 2: p 0, r 0, f 0 (support 2)
        var m = From(3, [0, 1, 2, 2], [0, 1, 1, 1]);
        Assert.Equal(0, m.Precision(2));
        Assert.Equal(0, m.F1(2));
        Assert.Equal((1 + 1.0 / 3 + 0) / 4, m.WeightedPrecision, 12);
        Assert.Equal((1 + 1 + 0) / 4.0, m.WeightedRecall, 12);
        Assert.Equal((1 + 0.5 + 0) / 4, m.WeightedF1, 12);
    }

    [Fact]
    public void A_predicted_class_without_support_weighs_nothing()
    {
        // y_true = [0, 0], y_pred = [0, 1]: class 1 has no support, so only class 0 counts (p 1, r 1/2, f 2/3).
        var m = From(2, [0, 0], [0, 1]);
        Assert.Equal(1.0, m.WeightedPrecision, 12);
        Assert.Equal(0.5, m.WeightedRecall, 12);
        Assert.Equal(2.0 / 3, m.WeightedF1, 12);
    }

    [Fact]
    public void Rows_round_trip()
    {
        var m = From(2, [0, 1, 1], [1, 1, 0]);
        var copy = ConfusionMatrix.FromRows(m.ToRows());
        Assert.Equal(m.ToRows(), copy.ToRows());
        Assert.Equal(1, copy[0, 1]);
    }
}
