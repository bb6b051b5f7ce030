using System.Globalization;
using System.Text;
using VeloGrad.Reporting.Statistics;

namespace VeloGrad.Reporting.Comparison;

/// <summary>The reference's comparison table — optimizer, final training loss, validation accuracy (%), F1,
/// precision, recall, training-loss variance over epochs, time (s) — as mean ± std over seeds. Runs of a model that is
/// its own loss have no accuracy, F1, precision or recall: their table shows the validation loss in their place.</summary>
public static class ComparisonTable
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private sealed record Column(string Header, string Key, Func<RunRecord, double> Metric, string Format);

    private static readonly Column[] Columns =
    [
        new("Final Loss", "final_loss", r => r.FinalLoss, "F4"),
        new("Val Accuracy (%)", "val_acc", r => r.FinalAccuracy, "F2"),
        new("F1 Score", "f1", r => r.FinalF1, "F4"),
        new("Precision", "precision", r => r.FinalPrecision, "F4"),
        new("Recall", "recall", r => r.FinalRecall, "F4"),
        new("Loss Variance", "loss_variance", r => r.LossVariance, "F4"),
        new("Time (s)", "time_s", r => r.TotalTime, "F2"),
    ];

    private static readonly Column[] LossColumns =
    [
        new("Final Loss", "final_loss", r => r.FinalLoss, "F4"),
        new("Val Loss", "val_loss", r => r.FinalValLoss, "F4"),
        new("Loss Variance", "loss_variance", r => r.LossVariance, "F4"),
        new("Time (s)", "time_s", r => r.TotalTime, "F2"),
    ];

    private static Column[] ColumnsOf(ComparisonSet set) => set.Metric == WorkloadMetric.Loss ? LossColumns : Columns;

    private static string Cell(Sample sample, string format) =>
        sample.Count < 2 ? sample.Mean.ToString(format, C) : $"{sample.Mean.ToString(format, C)} ± {sample.StandardDeviation.ToString(format, C)}";

    private static List<string[]> Rows(ComparisonSet set) =>
        [.. set.Optimizers.Select(o => (string[])[o.Optimizer, o.Seeds.ToString(C), .. ColumnsOf(set).Select(c => Cell(o.Of(c.Metric), c.Format))])];

    private static string[] Headers(ComparisonSet set) => ["Optimizer", "Seeds", .. ColumnsOf(set).Select(c => c.Header)];

    public static string Markdown(ComparisonSet set)
    {
        var md = new StringBuilder();
        var headers = Headers(set);
        md.AppendLine("| " + string.Join(" | ", headers) + " |");
        md.AppendLine("|" + string.Concat(headers.Select((_, i) => i < 1 ? " --- |" : " ---: |")));
        foreach (var row in Rows(set)) md.AppendLine("| " + string.Join(" | ", row) + " |");
        return md.ToString();
    }

    /// <summary>The table aligned for a terminal.</summary>
    public static string Text(ComparisonSet set)
    {
        var rows = Rows(set);
        var headers = Headers(set);
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows) text.AppendLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        return text.ToString();
    }

    public static string Csv(ComparisonSet set)
    {
        var columns = ColumnsOf(set);
        var csv = new StringBuilder("optimizer,seeds," + string.Join(',', columns.Select(c => $"{c.Key}_mean,{c.Key}_std")) + "\n");
        foreach (var o in set.Optimizers)
        {
            csv.Append(C, $"\"{o.Optimizer.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{o.Seeds}");
            foreach (var c in columns)
            {
                var s = o.Of(c.Metric);
                csv.Append(C, $",{s.Mean:R},{s.StandardDeviation:R}");
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }
}
