namespace VeloGrad.Reporting.Tuning;

/// <summary>Writes tuning.md, tuning.json and tuning.png into an experiment folder.</summary>
public static class TuningReport
{
    public static AnalysisFiles Files => ExperimentFolder.TuningReport;

    public static void Write(TuningAnalysis analysis, string folder)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        Files.Write(folder, analysis.ToMarkdown(), analysis.ToJson(), path => TuningFigure.SavePng(analysis, path));
    }
}
