namespace VeloGrad.Reporting;

/// <summary>Gives ScottPlot a font file to draw text with (its Linux build has no fontconfig).</summary>
internal static class PlotFonts
{
    public const string Family = "VeloGrad Sans";
    private static readonly Lock Gate = new();
    private static bool _registered;

    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            string regular = FontFiles.RequireSansSerif();
            string bold = regular.Replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", StringComparison.Ordinal)
                .Replace("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", StringComparison.Ordinal);
            ScottPlot.Fonts.AddFontFile(Family, regular, bold: false, italic: false);
            ScottPlot.Fonts.AddFontFile(Family, File.Exists(bold) ? bold : regular, bold: true, italic: false);
            ScottPlot.Fonts.Default = Family;
            _registered = true;
        }
    }
}
