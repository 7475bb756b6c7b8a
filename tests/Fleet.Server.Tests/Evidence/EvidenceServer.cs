using Fleet.Server.Access;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Evidence;

/// <summary>
/// Starts the real server for evidence tests. Its <see cref="FleetServer.Http"/> is the harness's
/// admin (an API token); regulators and fleet managers get their own token clients, made through
/// the same service as <c>users add</c> and <c>tokens create</c>.
/// </summary>
internal static class EvidenceServer
{
    public static Task<FleetServer> StartAsync(params string[] settings) => FleetServer.StartAsync(null, settings);

    /// <summary>A regulator overseeing the given region-code prefixes.</summary>
    public static Task<HttpClient> RegulatorAsync(FleetServer server, string name, params string[] regions) =>
        server.ClientForAsync(name, FleetClaims.RegulatorRole, null, regions);

    /// <summary>A fleet manager of one platform.</summary>
    public static Task<HttpClient> ManagerAsync(FleetServer server, string name, string platform) =>
        server.ClientForAsync(name, FleetClaims.ManagerRole, platform);

    /// <summary>A client that sends no credentials at all.</summary>
    public static HttpClient Anonymous(FleetServer server) => server.ClientWithToken(null);
}
