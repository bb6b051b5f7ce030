using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VeloGrad.Reporting;

/// <summary>How every analysis writes its JSON and its p-values, defined once.</summary>
public static class ReportFormat
{
    /// <summary>The run records' options (<see cref="RunHistory.JsonOptions"/>: snake_case, indented, NaN and ∞ written as
    /// such), except that an analysis writes its nulls: "no choice yet" is a value a reader looks for.</summary>
    public static JsonSerializerOptions Json { get; } = new(RunHistory.JsonOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>"p = 0.031", "p < 0.001" below what three decimals show, "p n/a" without a test.</summary>
    public static string P(double? p) => p is not double value || double.IsNaN(value) ? "p n/a"
        : value < 0.001 ? "p < 0.001" : "p = " + value.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>The fixed-point format that shows <paramref name="seconds"/> with two significant digits or more ("F0"
    /// from 10 s): a workload whose epochs take milliseconds would otherwise read "0 s" for every optimizer.</summary>
    public static string SecondsFormat(double seconds) => Math.Abs(seconds) switch
    {
        >= 10 or double.NaN => "F0",
        >= 1 => "F1",
        >= 0.1 => "F2",
        _ => "F3",
    };
}
