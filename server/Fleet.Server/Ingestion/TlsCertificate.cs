using System.Security.Cryptography.X509Certificates;

namespace Fleet.Server.Ingestion;

/// <summary>Loads the server certificate named in Mqtt:Tls, as a PFX or as a PEM certificate and key.</summary>
internal static class TlsCertificate
{
    public static X509Certificate2 Load(MqttTlsOptions tls)
    {
        var path = tls.CertificatePath;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, tls.Password);
        }

        using var pem = string.IsNullOrEmpty(tls.Password)
            ? X509Certificate2.CreateFromPemFile(path, tls.KeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, tls.Password, tls.KeyPath);
        // A PEM key is ephemeral; a PKCS#12 round trip gives SslStream a certificate whose key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
