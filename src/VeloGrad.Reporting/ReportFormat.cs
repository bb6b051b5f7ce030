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
}
