using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Fleet.Server.Evidence;

/// <summary>A top-to-bottom writer over A4 pages: headings, wrapped lines and images, with page breaks.</summary>
internal sealed class PdfLayout : IDisposable
{
    private const double Margin = 50;
    private readonly PdfDocument _document;
    private readonly XFont _body = new(EvidenceFonts.Family, 9.5, XFontStyleEx.Regular);
    private readonly XFont _heading = new(EvidenceFonts.Family, 13, XFontStyleEx.Bold);
    private readonly XFont _title = new(EvidenceFonts.Family, 17, XFontStyleEx.Bold);
    private PdfPage _page = null!;
    private XGraphics _graphics = null!;
    private double _y;

    public PdfLayout(PdfDocument document)
    {
        _document = document;
        NewPage();
    }

    private double Width => _page.Width.Point - 2 * Margin;

    public void Title(string text) => Write(text, _title, 8);

    public void Heading(string text)
    {
        Space(8);
        Write(text, _heading, 4);
    }

    public void Line(string text) => Write(text, _body, 2);

    public void Space(double points) => _y += points;

    /// <summary>An image scaled to the text width.</summary>
    public void Image(byte[] png)
    {
        using var stream = new MemoryStream(png);
        using var image = XImage.FromStream(stream);
        var height = Width * image.PixelHeight / image.PixelWidth;
        Ensure(height);
        _graphics.DrawImage(image, Margin, _y, Width, height);
        _y += height + 6;
    }

    public void Dispose() => _graphics.Dispose();

    private void Write(string text, XFont font, double after)
    {
        foreach (var line in Wrap(text, font))
        {
            var height = font.GetHeight() + 1;
            Ensure(height);
            _graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin, _y, Width, height), XStringFormats.TopLeft);
            _y += height;
        }

        _y += after;
    }

    private IEnumerable<string> Wrap(string text, XFont font)
    {
        var words = text.Split(' ');
        var line = "";
        foreach (var word in words)
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && _graphics.MeasureString(candidate, font).Width > Width)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        yield return line;
    }

    private void Ensure(double height)
    {
        if (_y + height > _page.Height.Point - Margin)
        {
            _graphics.Dispose();
            NewPage();
        }
    }

    private void NewPage()
    {
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }
}
