using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Server.Audit;

namespace Fleet.Server.Tests.Audit.Support;

/// <summary>The audit API as a test calls it, and reading a recorded before/after.</summary>
public static class AuditApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<AuditPage> AuditAsync(this HttpClient client, string query = "")
    {
        var response = await client.GetAsync(new Uri("/api/audit" + query, UriKind.Relative)).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AuditPage>(Json).ConfigureAwait(false))!;
    }

    public static async Task<AuditVerification> VerifyAuditAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<AuditVerification>("/api/audit/verify", Json).ConfigureAwait(false))!;

    /// <summary>The single entry of <paramref name="action"/> on <paramref name="target"/> (kind/id).</summary>
    public static async Task<StoredAuditEntry> SingleAsync(this HttpClient client, string action, string target)
    {
        var page = await client.AuditAsync($"?action={action}&target={Uri.EscapeDataString(target)}").ConfigureAwait(false);
        return Assert.Single(page.Entries);
    }

    /// <summary>A property of a recorded JSON document (before or after), as text; null when absent or null.</summary>
    public static string? Field(string? json, params string[] path)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var element = document.RootElement;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => element.GetString(),
            _ => element.GetRawText(),
        };
    }
}
