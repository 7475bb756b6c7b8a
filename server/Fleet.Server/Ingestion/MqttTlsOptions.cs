namespace Fleet.Server.Ingestion;

/// <summary>
/// The "Mqtt:Tls" section: an encrypted MQTT endpoint next to the plain one. Give either a PFX
/// (<see cref="CertificatePath"/> ending in .pfx/.p12, with <see cref="Password"/>) or a PEM
/// certificate with its PEM private key (<see cref="KeyPath"/>).
/// </summary>
public sealed class MqttTlsOptions
{
    /// <summary>True to listen for MQTT over TLS on <see cref="Port"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>TCP port of MQTT over TLS (8883 is the registered one).</summary>
    public int Port { get; set; } = 8883;

    /// <summary>The server certificate: a .pfx/.p12 file, or a PEM file (its chain may follow it).</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The PEM private key of a PEM certificate; empty for a PFX.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string Password { get; set; } = "";

    /// <summary>False to serve only TLS (the plain port is then not opened).</summary>
    public bool KeepPlainPort { get; set; } = true;
}
