using System.CommandLine;
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

    /// <summary>A whole number in int's range, told in words when it is not one (the parser's own message names a .NET type).</summary>
    public static int WholeNumber(string text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int value)) return value;
        bool whole = long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
            || System.Numerics.BigInteger.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _);
        throw new ArgumentException(whole ? $"too large: the most this option takes is {int.MaxValue:N0}." : "not a whole number.");
    }

    /// <summary>Refuses, as a parse error naming the option, a value below 1 (a value left out passes).</summary>
    public static void RequireAtLeastOne<T>(Option<T> option, string why)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<T>() is int value && value < 1) r.AddError($"{option.Name} {value}: {why}");
        });
    }

    /// <summary>A number, told in words when it is not one.</summary>
    public static double Number(string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) ? value
            : throw new ArgumentException("not a number.");

    /// <summary>Gives every option of the tree that takes a number a parser that says what is wrong in words, and every
    /// --out a check that it names a folder: once, at the edge, so no command forgets one.</summary>
    public static void Attach(Command command)
    {
        foreach (var option in command.Options)
        {
            switch (option)
            {
                case Option<int> o when o.CustomParser is null: o.CustomParser = r => With(r, WholeNumber); break;
                case Option<int?> o when o.CustomParser is null: o.CustomParser = r => With<int?>(r, t => WholeNumber(t)); break;
                case Option<double> o when o.CustomParser is null: o.CustomParser = r => With(r, Number); break;
                case Option<double?> o when o.CustomParser is null: o.CustomParser = r => With<double?>(r, t => Number(t)); break;
            }
            if (option.Name == "--out")
                option.Validators.Add(r =>
                {
                    if (r.Tokens.Count > 0 && string.IsNullOrWhiteSpace(r.Tokens[^1].Value))
                        r.AddError("--out is empty: name the folder to write into.");
                });
        }
        foreach (var sub in command.Subcommands) Attach(sub);
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
            throw new InvalidSettingException(SettingKeys.Optimizers, e.Message);
        }
    }
}
