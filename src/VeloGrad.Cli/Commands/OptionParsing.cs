using System.CommandLine.Parsing;

namespace VeloGrad.Cli.Commands;

/// <summary>Turns an option's text into its typed value with the library's parser, reporting a bad value as a
/// parse error that names the option (no exception, no stack trace).</summary>
internal static class OptionParsing
{
    public static T With<T>(ArgumentResult result, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        try
        {
            return parse(text);
        }
        catch (ArgumentException e)
        {
            string option = result.Parent is OptionResult o ? o.Option.Name : "the value";
            result.AddError($"{option} {text}: {e.Message}");
            return default!;
        }
    }

    public static ulong Seed(string text) =>
        ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong seed) ? seed
            : throw new ArgumentException($"a seed is a whole number from 0 to {ulong.MaxValue}.");

    /// <summary>The --optimizers texts as typed specs; a bad one is reported as --optimizers.</summary>
    public static IReadOnlyList<OptimizerSpec> Optimizers(IEnumerable<string> texts)
    {
        try
        {
            return [.. texts.Select(OptimizerSpec.Parse)];
        }
        catch (InvalidSettingException e)
        {
            throw new InvalidSettingException("Optimizers", e.Message);
        }
    }
}
