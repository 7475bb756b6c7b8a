using PdfSharp.Fonts;

namespace Fleet.Server.Evidence;

/// <summary>
/// Fonts for the PDF report and its chart. PDFsharp and ScottPlot find no system fonts on Linux by
/// themselves, so both are given DejaVu Sans from Debian's fonts-dejavu-core
/// (/usr/share/fonts/truetype/dejavu), which also covers the degree sign and the minus of the report.
/// </summary>
public sealed class EvidenceFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts/dejavu"];
    private static readonly Lock Gate = new();
    private static bool _installed;

    private EvidenceFonts()
    {
    }

    /// <summary>Installs the resolver for PDFsharp and the font for ScottPlot, once per process.</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            GlobalFontSettings.FontResolver ??= new EvidenceFonts();
            ScottPlot.Fonts.AddFontFile(Family, FilePath(false), bold: false, italic: false);
            ScottPlot.Fonts.AddFontFile(Family, FilePath(true), bold: true, italic: false);
            ScottPlot.Fonts.Default = Family;
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName) => File.ReadAllBytes(FilePath(faceName.EndsWith("-Bold", StringComparison.Ordinal)));

    private static string FilePath(bool bold)
    {
        var file = bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf";
        foreach (var folder in Folders)
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"The PDF report needs {file} (Debian: apt-get install fonts-dejavu-core); looked in {string.Join(", ", Folders)}.");
    }
}
