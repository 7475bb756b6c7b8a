using System.Security.Cryptography;
using System.Text;

namespace Fleet.Server.Devices;

/// <summary>
/// A box's MQTT password: 256 random bits from the OS generator, written as base64url (43 characters,
/// safe on a command line and in a CSV). Only its SHA-256 is stored. One unsalted hash is enough
/// here, unlike for a person's password: the secret is machine-generated with full entropy, so
/// there is nothing for a dictionary or a slow hash to protect, and checking it stays cheap when
/// ten thousand boxes reconnect at once.
/// </summary>
public static class DeviceSecret
{
    /// <summary>Random bytes in a secret.</summary>
    public const int Bytes = 32;

    /// <summary>A new secret.</summary>
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>The SHA-256 of a secret's UTF-8 text, as stored.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="storedHash"/>; compares in constant time.</summary>
    public static bool Matches(string? secret, byte[] storedHash)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 256)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), hash);
        return CryptographicOperations.FixedTimeEquals(hash, storedHash);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
