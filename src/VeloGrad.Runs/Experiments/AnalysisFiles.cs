namespace VeloGrad.Runs;

/// <summary>
/// One analysis as the files a reader opens: NAME.md for people, NAME.json beside it for programs, and NAME.png where
/// a picture says it faster. Every analysis (tuning, ablation, benchmark) is written this way, each file atomically.
/// </summary>
public sealed record AnalysisFiles(string Name)
{
    public string Markdown => Name + ".md";
    public string Json => Name + ".json";
    public string Figure => Name + ".png";

    public IReadOnlyList<string> All => [Markdown, Json, Figure];

    /// <param name="savePng">Draws the figure into the path it is given.</param>
    public void Write(string folder, string markdown, string json, Action<string> savePng)
    {
        ArgumentNullException.ThrowIfNull(savePng);
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, Markdown), markdown);
        AtomicFile.WriteAllText(Path.Combine(folder, Json), json);
        savePng(Path.Combine(folder, Figure));
    }

    public override string ToString() => string.Join(", ", All);
}
