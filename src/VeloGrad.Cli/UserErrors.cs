using System.CommandLine;
using VeloGrad.Training.Data;

namespace VeloGrad.Cli;

/// <summary>Runs a command's body and turns the failures a user can fix into one clear line and exit code 1,
/// instead of a stack trace.</summary>
internal static class UserErrors
{
    public const int ExitCode = 1;

    public static int Run(ParseResult parse, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is DatasetException or IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return ExitCode;
        }
    }
}
