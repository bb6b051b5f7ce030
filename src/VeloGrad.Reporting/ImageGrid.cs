using SkiaSharp;

namespace VeloGrad.Reporting;

/// <summary>One picture of a grid of small RGB images, each with its caption below, saved as PNG.</summary>
public static class ImageGrid
{
    public const int Scale = 3;
    private const int Margin = 6;
    private const int CaptionHeight = 16;
    private const float CaptionSize = 11f;

    /// <summary>Renders <paramref name="images"/> (each H×W×3 bytes, row-major RGB) in rows of <paramref name="columns"/>.</summary>
    public static void SavePng(string path, IReadOnlyList<byte[]> images, IReadOnlyList<string> captions, int height, int width, int columns)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(captions);
        if (images.Count == 0 || images.Count != captions.Count)
            throw new ArgumentException($"Need one caption per image and at least one image; got {images.Count} images, {captions.Count} captions.");
        int rows = (images.Count + columns - 1) / columns;
        int cellWidth = width * Scale + Margin, cellHeight = height * Scale + CaptionHeight + Margin;
        using var surface = new SKBitmap(columns * cellWidth + Margin, rows * cellHeight + Margin);
        using var canvas = new SKCanvas(surface);
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFile(FontFiles.RequireSansSerif());
        using var font = new SKFont(typeface, CaptionSize);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };

        for (int i = 0; i < images.Count; i++)
        {
            int x = Margin + (i % columns) * cellWidth, y = Margin + (i / columns) * cellHeight;
            using var tile = ToBitmap(images[i], height, width);
            canvas.DrawBitmap(tile, new SKRect(x, y, x + width * Scale, y + height * Scale));
            canvas.DrawText(captions[i], x + width * Scale / 2f, y + height * Scale + CaptionSize + 1, SKTextAlign.Center, font, ink);
        }
        using var image = SKImage.FromBitmap(surface);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, png.SaveTo);
    }

    private static SKBitmap ToBitmap(byte[] rgb, int height, int width)
    {
        if (rgb.Length != height * width * 3)
            throw new ArgumentException($"An image of {height}×{width} RGB needs {height * width * 3} bytes; got {rgb.Length}.");
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                int o = (r * width + c) * 3;
                bitmap.SetPixel(c, r, new SKColor(rgb[o], rgb[o + 1], rgb[o + 2]));
            }
        return bitmap;
    }
}
