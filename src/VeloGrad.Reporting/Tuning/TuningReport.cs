namespace VeloGrad.Reporting.Tuning;

/// <summary>Writes tuning.md, tuning.json and tuning.png into an experiment folder.</summary>
public static class TuningReport
{
    public const string Markdown = "tuning.md", Json = "tuning.json", Figure = "tuning.png";

    public static IReadOnlyList<string> Files => [Markdown, Json, Figure];

    public static void Write(TuningAnalysis analysis, string folder)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        AtomicFile.WriteAllText(Path.Combine(folder, Markdown), analysis.ToMarkdown());
        AtomicFile.WriteAllText(Path.Combine(folder, Json), analysis.ToJson());
        TuningFigure.SavePng(analysis, Path.Combine(folder, Figure));
    }
}
