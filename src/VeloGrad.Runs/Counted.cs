using System.Globalization;

namespace VeloGrad.Runs;

/// <summary>A count with its noun in the right number, for what users read: "1 epoch", "2 epochs", "1,000 seeds".</summary>
public static class Counted
{
    /// <param name="noun">The singular; the plural adds an s (every noun this project counts does).</param>
    public static string Of(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>"3 of 4 epochs", "1 of 1 epoch": the noun follows the total.</summary>
    public static string OfTotal(long count, long total, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} of {Of(total, noun)}");
}
