using System.Net;
using Microsoft.AspNetCore.Authorization;

namespace Fleet.Server.Devices;

/// <summary>The authorization policy the device endpoints require.</summary>
public static class DevicePolicies
{
    /// <summary>Issuing and revoking device secrets is for admins. The access workstream defines the real "admin" policy.</summary>
    public const string Admin = "admin";

    /// <summary>
    /// A stand-in until the access workstream's policies are merged: only requests from this machine
    /// pass. The merge replaces it with the real admin policy (role claim "admin").
    /// </summary>
    internal static void AddPlaceholder(AuthorizationOptions options)
    {
        if (options.GetPolicy(Admin) is null)
        {
            options.AddPolicy(Admin, policy => policy.RequireAssertion(context =>
                context.Resource is HttpContext http && http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)));
        }
    }
}
