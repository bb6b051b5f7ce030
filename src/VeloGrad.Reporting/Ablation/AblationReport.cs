namespace VeloGrad.Reporting.Ablation;

/// <summary>Writes ablation.md, ablation.json and ablation.png into an experiment folder.</summary>
public static class AblationReport
{
    public const string Markdown = "ablation.md", Json = "ablation.json", Figure = "ablation.png";

    public static IReadOnlyList<string> Files => [Markdown, Json, Figure];

    public static void Write(AblationAnalysis analysis, string folder)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        AtomicFile.WriteAllText(Path.Combine(folder, Markdown), analysis.ToMarkdown());
        AtomicFile.WriteAllText(Path.Combine(folder, Json), analysis.ToJson());
        AblationFigure.SavePng(analysis, Path.Combine(folder, Figure));
    }
}
