using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Dashboard.Data;
using Fleet.Server.Boxes;
using Fleet.Server.Ingestion;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>The server's HTTP API as a test calls it.</summary>
public static class ApiClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ReadingsResponse?> ReadingsAsync(this FleetServer server, string boxId, string channel, string? query = null)
    {
        var response = await server.Http.GetAsync(new Uri($"/api/boxes/{boxId}/readings?channel={channel}{query}", UriKind.Relative)).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ReadingsResponse>(Json).ConfigureAwait(false) : null;
    }

    public static async Task<int> ReadingCountAsync(this FleetServer server, string boxId, string channel) =>
        (await server.ReadingsAsync(boxId, channel).ConfigureAwait(false))?.Readings.Count ?? 0;

    public static Task<IngestionSnapshot?> IngestionAsync(this FleetServer server) =>
        server.Http.GetFromJsonAsync<IngestionSnapshot>("/api/ingestion", Json);

    public static async Task<List<AlertView>> AlertsAsync(this FleetServer server, string state = "all", string? box = null) =>
        await server.Http.GetFromJsonAsync<List<AlertView>>($"/api/alerts?state={state}{(box is null ? "" : "&box=" + box)}", Json).ConfigureAwait(false) ?? [];

    public static Task<HttpResponseMessage> AcknowledgeAsync(this FleetServer server, long alertId, string? by, string? note) =>
        server.Http.PostAsJsonAsync($"/api/alerts/{alertId}/acknowledge", new { by, note }, Json);

    public static Task<HttpResponseMessage> ResolveAsync(this FleetServer server, long alertId, string? by, string? note) =>
        server.Http.PostAsJsonAsync($"/api/alerts/{alertId}/resolve", new { by, note }, Json);

    public static async Task<AlertView> ReadAlertAsync(this HttpResponseMessage response) =>
        (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<AlertView>(Json).ConfigureAwait(false))!;

    public static async Task<BoxResponse?> BoxAsync(this FleetServer server, string boxId)
    {
        var response = await server.Http.GetAsync(new Uri($"/api/boxes/{boxId}", UriKind.Relative)).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<BoxResponse>(Json).ConfigureAwait(false) : null;
    }
}
