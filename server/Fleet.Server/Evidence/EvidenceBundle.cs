using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Server.Evidence;

/// <summary>
/// A signed zip: the files, manifest.sha256 listing every one of them as sha256sum prints
/// (<c>hex, two spaces, name</c>, sorted by name; chain-heads.txt among them), and manifest.sig,
/// the DER ECDSA-SHA256 signature of the manifest by the evidence key.
/// </summary>
public static class EvidenceBundle
{
    public const string Manifest = "manifest.sha256";
    public const string Signature = "manifest.sig";

    /// <summary>The zip, and the SHA-256 (lower-case hex) of its manifest, which the audit trail keeps.</summary>
    public static (byte[] Zip, string ManifestSha256) Build(IReadOnlyDictionary<string, byte[]> files, EvidenceKey key)
    {
        var manifest = new StringBuilder();
        foreach (var (name, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            manifest.Append(Convert.ToHexStringLower(SHA256.HashData(content))).Append("  ").Append(name).Append('\n');
        }

        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToString());
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                Add(zip, name, content);
            }

            Add(zip, Manifest, manifestBytes);
            Add(zip, Signature, key.Sign(manifestBytes));
        }

        return (output.ToArray(), Convert.ToHexStringLower(SHA256.HashData(manifestBytes)));
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(content);
    }
}
