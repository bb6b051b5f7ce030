using System.CommandLine;
using System.CommandLine.Help;
using VeloGrad.Cli.Commands;

namespace VeloGrad.Cli;

/// <summary>The <c>velograd</c> command tree.</summary>
internal static class VelogradCommandLine
{
    public const string CommandName = "velograd";

    public static Command Build()
    {
        // A named root rather than RootCommand, whose name would follow the assembly (VeloGrad.Cli).
        var root = new Command(CommandName, "VeloGrad for .NET: train with the VeloGrad optimizer and compare it honestly with Adam and SGD.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(InfoCommand.Build());
        root.Subcommands.Add(TrainCommand.Build());
        root.Subcommands.Add(CompareCommand.Build());
        root.Subcommands.Add(TuneCommand.Build());
        root.Subcommands.Add(AblateCommand.Build());
        root.Subcommands.Add(BenchmarkCommand.Build());
        root.Subcommands.Add(ReportCommand.Build());
        root.Subcommands.Add(ExecuteCommand.Build());
        root.Subcommands.Add(DataCommand.Build());
        OptionParsing.Attach(root);
        return root;
    }
}
