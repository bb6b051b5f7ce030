using System.CommandLine;

namespace VeloGrad.Cli.Commands;

/// <summary>A command that is announced in the help but not built yet: it says so and exits with code 2.</summary>
internal static class PlannedCommand
{
    public const int NotAvailableExitCode = 2;

    public static Command Build(string name, string description)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Error.WriteLine($"velograd {name} is not available in this version yet: {description}");
            return NotAvailableExitCode;
        });
        return command;
    }
}
