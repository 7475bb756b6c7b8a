using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Evidence;

/// <summary>
/// Starts the real server for evidence tests, signed in as an admin. Until the access workstream
/// merges, sign-in is the interim header scheme (Evidence/InterimAuthentication.cs); after it, the
/// harness's default admin client takes its place.
/// </summary>
internal static class EvidenceServer
{
    public static async Task<FleetServer> StartAsync(params string[] settings)
    {
        var server = await FleetServer.StartAsync(null, ["--Evidence:InterimHeaders=true", .. settings]);
        SignIn(server.Http, "evidence-admin", "admin");
        return server;
    }

    public static void SignIn(HttpClient http, string user, string roles, string? regions = null, string? platform = null)
    {
        http.DefaultRequestHeaders.Remove("X-Fleet-User");
        http.DefaultRequestHeaders.Remove("X-Fleet-Roles");
        http.DefaultRequestHeaders.Remove("X-Fleet-Regions");
        http.DefaultRequestHeaders.Remove("X-Fleet-Platform");
        http.DefaultRequestHeaders.Add("X-Fleet-User", user);
        http.DefaultRequestHeaders.Add("X-Fleet-Roles", roles);
        if (regions is not null)
        {
            http.DefaultRequestHeaders.Add("X-Fleet-Regions", regions);
        }

        if (platform is not null)
        {
            http.DefaultRequestHeaders.Add("X-Fleet-Platform", platform);
        }
    }

    public static HttpClient Anonymous(FleetServer server) => new() { BaseAddress = server.HttpAddress };
}
