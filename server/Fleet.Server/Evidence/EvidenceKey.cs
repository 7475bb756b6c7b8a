using System.Security.Cryptography;
using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Evidence;

/// <summary>
/// The server's evidence signing key: ECDSA on P-256, kept as a PKCS#8 PEM file that only the
/// server's user may read (mode 0600), created on first start and never part of the code or the
/// configuration. Signatures are DER (RFC 3279), what <c>openssl dgst -sha256 -verify</c> expects.
/// </summary>
public sealed class EvidenceKey : IDisposable
{
    private readonly ECDsa _key;

    public EvidenceKey(IOptions<EvidenceOptions> options, IOptions<StorageOptions> storage, IHostEnvironment environment, ILogger<EvidenceKey> logger)
        : this(ResolvePath(options.Value.KeyPath, storage.Value.DataDirectory, environment.ContentRootPath), logger)
    {
    }

    public EvidenceKey(string path, ILogger logger)
    {
        FilePath = path;
        _key = ECDsa.Create();
        if (File.Exists(path))
        {
            _key.ImportFromPem(File.ReadAllText(path));
            if (_key.KeySize != 256)
            {
                throw new InvalidOperationException($"The evidence key {path} is not a P-256 key (Evidence:KeyPath).");
            }
        }
        else
        {
            _key.GenerateKey(ECCurve.NamedCurves.nistP256);
            Write(path, _key.ExportPkcs8PrivateKeyPem());
            EvidenceLog.KeyCreated(logger, path);
        }

        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem() + "\n";
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()));
    }

    public string FilePath { get; }

    /// <summary>The public half, as "-----BEGIN PUBLIC KEY-----" PEM.</summary>
    public string PublicKeyPem { get; }

    /// <summary>SHA-256 of the public key's DER (SubjectPublicKeyInfo), for people to compare.</summary>
    public string Fingerprint { get; }

    /// <summary>An ECDSA-SHA256 signature of <paramref name="data"/>, DER-encoded.</summary>
    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();

    public static string ResolvePath(string keyPath, string dataDirectory, string contentRoot) =>
        Path.GetFullPath(Path.Combine(contentRoot, dataDirectory, keyPath));

    private static void Write(string path, string pem)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        using var writer = new StreamWriter(file);
        writer.Write(pem);
        writer.Flush();
        file.Flush(flushToDisk: true);
    }
}
