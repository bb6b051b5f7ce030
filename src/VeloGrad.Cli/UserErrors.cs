using System.CommandLine;
using VeloGrad.Training.Data;

namespace VeloGrad.Cli;

/// <summary>Runs a command's body and turns the failures a user can fix into one clear line and exit code 1,
/// instead of a stack trace; a setting the library names is phrased as the option of the command that sets it.</summary>
internal static class UserErrors
{
    /// <summary>Settings whose errors name no single option (they say what to do in their message).</summary>
    internal static readonly IReadOnlySet<string> WithoutOption = new HashSet<string>(StringComparer.Ordinal) { SettingKeys.Plan };

    public static int Run(ParseResult parse, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (InvalidSettingException e)
        {
            // The option of this command that sets it, as the option declared (OptionSettings); none where the command
            // has no such option (a benchmark's workload, for one, sets the batch size itself).
            string prefix = OptionSettings.For(parse, e.Setting) is { } option ? $"{option.Name}: " : "";
            parse.InvocationConfiguration.Error.WriteLine($"error: {prefix}{e.Message}");
            return ExitCodes.Failure;
        }
        catch (RunFolderConflictException e)
        {
            var flags = new List<string>();
            if (e.Remedies.HasFlag(FolderRemedy.Resume)) flags.Add("--resume continues it");
            if (e.Remedies.HasFlag(FolderRemedy.Overwrite)) flags.Add("--overwrite trains it again");
            if (e.Remedies.HasFlag(FolderRemedy.StartNew)) flags.Add("leave out --resume to start one");
            if (e.Remedies.HasFlag(FolderRemedy.OtherFolder)) flags.Add("choose another --out");
            string remedy = flags.Count switch { 0 => ".", 1 => $": {flags[0]}.", _ => $": {string.Join(", ", flags[..^1])}, or {flags[^1]}." };
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Fact}{remedy}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is DatasetException or IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
