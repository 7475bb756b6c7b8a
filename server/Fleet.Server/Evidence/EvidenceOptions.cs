namespace Fleet.Server.Evidence;

/// <summary>The "Evidence" configuration section: the signing key, readings retention and where violation reports go.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>The least a retention may keep readings: the 6 months of order records (R6).</summary>
    public const int MinReadingRetentionMonths = 6;

    /// <summary>
    /// The evidence signing key (ECDSA P-256, PKCS#8 PEM), created on first start with file mode 0600.
    /// Relative paths are resolved against Storage:DataDirectory.
    /// </summary>
    public string KeyPath { get; set; } = "evidence-key.pem";

    /// <summary>
    /// The licence PDFsharp 6.5 must load before it writes a PDF: "AGPL" for its free AGPL-3.0 licence
    /// (the licence of the NuGet package itself, with its obligations for software offered over a
    /// network), or a commercial licence key from pdfsharp.com.
    /// </summary>
    public string PdfSharpLicense { get; set; } = Agpl;

    public const string Agpl = "AGPL";

    /// <summary>Months readings and events (and their chain links) are kept; 0 keeps them for ever.</summary>
    public int ReadingRetentionMonths { get; set; }

    /// <summary>How often, in minutes, the readings retention runs.</summary>
    public double PurgeEveryMinutes { get; set; } = 24 * 60;

    /// <summary>Most days one bundle may span.</summary>
    public int MaxWindowDays { get; set; } = 31;

    /// <summary>
    /// County-level market-supervision departments by administrative division code prefix (6-digit
    /// codes, longest prefix wins): where violation reports are addressed (R9).
    /// </summary>
    public Dictionary<string, string> Departments { get; set; } = new(StringComparer.Ordinal)
    {
        ["440303"] = "Luohu District Administration for Market Regulation, Shenzhen",
        ["440304"] = "Futian District Administration for Market Regulation, Shenzhen",
        ["440305"] = "Nanshan District Administration for Market Regulation, Shenzhen",
        ["440306"] = "Bao'an District Administration for Market Regulation, Shenzhen",
        ["440106"] = "Tianhe District Administration for Market Regulation, Guangzhou",
        ["110105"] = "Chaoyang District Administration for Market Regulation, Beijing",
        ["310115"] = "Pudong New Area Administration for Market Regulation, Shanghai",
    };

    /// <summary>
    /// A merchant's region code when its delivery does not carry one (merchant name → 6-digit code).
    /// </summary>
    public Dictionary<string, string> MerchantRegions { get; set; } = new(StringComparer.Ordinal);
}
