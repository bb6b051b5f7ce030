namespace VeloGrad.Reporting.Ablation;

/// <summary>Writes ablation.md, ablation.json and ablation.png into an experiment folder.</summary>
public static class AblationReport
{
    public static AnalysisFiles Files => ExperimentFolder.AblationReport;

    public static void Write(AblationAnalysis analysis, string folder)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        Files.Write(folder, analysis.ToMarkdown(), analysis.ToJson(), path => AblationFigure.SavePng(analysis, path));
    }
}
