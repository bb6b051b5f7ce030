namespace VeloGrad.Reporting;

/// <summary>
/// Finds a TrueType font on disk. SkiaSharp's dependency-free Linux build has no fontconfig, so text needs a
/// font file: DejaVu Sans (Debian: fonts-dejavu-core) or Liberation Sans, wherever the system keeps them.
/// </summary>
public static class FontFiles
{
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/Library/Fonts/Arial.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        "C:/Windows/Fonts/arial.ttf",
    ];

    /// <summary>The first font found, or null.</summary>
    public static string? SansSerif => Candidates.FirstOrDefault(File.Exists);

    /// <summary>The font, or an error that says how to install one.</summary>
    public static string RequireSansSerif() => SansSerif ?? throw new FileNotFoundException(
        "No TrueType font found for labels (looked for DejaVu Sans and Liberation Sans). On Debian: apt-get install fonts-dejavu-core.");
}
