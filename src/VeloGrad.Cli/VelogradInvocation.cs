namespace VeloGrad.Cli;

/// <summary>How to start this velograd again from a job script: the installed tool or app host, or
/// <c>dotnet VeloGrad.Cli.dll</c>; <c>$VELOGRAD_COMMAND</c> overrides (a wrapper, a container entry point).</summary>
internal static class VelogradInvocation
{
    public const string Variable = "VELOGRAD_COMMAND";

    public static string Current()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } command) return command;
        string process = Environment.ProcessPath ?? "velograd";
        bool viaDotnet = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return viaDotnet ? $"{Quote(process)} {Quote(typeof(VelogradInvocation).Assembly.Location)}" : Quote(process);
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
