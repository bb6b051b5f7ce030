using System.CommandLine;
using System.Runtime.CompilerServices;

namespace VeloGrad.Cli;

/// <summary>Which settings of the library an option sets, declared where the option is made (<c>new Option…("--epochs")
/// { … }.Sets(nameof(TrainingConfig.Epochs))</c>), so that an error the library raises about a setting
/// (<see cref="InvalidSettingException.Setting"/>) names the option of the command the user ran: no second table of
/// option names to keep in step.</summary>
internal static class OptionSettings
{
    private static readonly ConditionalWeakTable<Option, string[]> Settings = [];

    /// <summary>Records that <paramref name="option"/> sets <paramref name="settings"/> (a <see cref="TrainingConfig"/>
    /// property's name, or one of <see cref="SettingKeys"/>).</summary>
    public static TOption Sets<TOption>(this TOption option, params string[] settings) where TOption : Option
    {
        ArgumentNullException.ThrowIfNull(option);
        Settings.AddOrUpdate(option, settings);
        return option;
    }

    /// <summary>The settings <paramref name="option"/> sets (none when it declared none).</summary>
    public static IReadOnlyList<string> Of(Option option) => Settings.TryGetValue(option, out var settings) ? settings : [];

    /// <summary>The option of the command <paramref name="parse"/> ran (or of a command above it) that sets
    /// <paramref name="setting"/>, or null.</summary>
    public static Option? For(ParseResult parse, string setting)
    {
        ArgumentNullException.ThrowIfNull(parse);
        for (var command = parse.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
            if (command.Command.Options.FirstOrDefault(o => Of(o).Contains(setting, StringComparer.Ordinal)) is { } option)
                return option;
        return null;
    }
}
