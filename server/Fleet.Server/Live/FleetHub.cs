using Fleet.Firmware.Protocol;
using Fleet.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Fleet.Server.Live;

/// <summary>
/// The live hub at /hubs/fleet, for signed-in users and API tokens. After SubscribeFleet a client
/// receives "box" (a BoxView, at most about twice a second per box) and "alert" (an AlertView)
/// messages: an admin of every box, a manager of their platform's boxes; a regulator subscribes to
/// single boxes instead. After SubscribeBox(id), for a box in the caller's scope, it receives that
/// box's "readings" (each stored batch) and "alert" messages. An alert goes to every group it
/// concerns, so a client in two may see it twice; it carries its id and state, so that is harmless.
/// </summary>
[Authorize(Policy = AccessExtensions.ReadPolicy)]
public sealed class FleetHub(ScopeGuard guard) : Hub
{
    public const string Path = "/hubs/fleet";

    /// <summary>Every box of every platform: admins.</summary>
    public const string FleetGroup = "fleet";

    public static string BoxGroup(string boxId) => "box:" + boxId;

    /// <summary>One platform's boxes: its managers.</summary>
    public static string PlatformGroup(string platform) => "platform:" + platform;

    public Task SubscribeFleet() => Groups.AddToGroupAsync(Context.ConnectionId, FleetGroupOfCaller());

    public Task UnsubscribeFleet() => Groups.RemoveFromGroupAsync(Context.ConnectionId, FleetGroupOfCaller());

    public async Task SubscribeBox(string boxId)
    {
        Checked(boxId);
        if (!await guard.SeesBoxAsync(AccessScope.Of(Context.User!), boxId, Context.ConnectionAborted).ConfigureAwait(false))
        {
            // The same answer as for a box that does not exist.
            throw new HubException($"No box {boxId}.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, BoxGroup(boxId)).ConfigureAwait(false);
    }

    public Task UnsubscribeBox(string boxId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, BoxGroup(Checked(boxId)));

    private string FleetGroupOfCaller()
    {
        var scope = AccessScope.Of(Context.User!);
        return scope.IsAdmin ? FleetGroup
            : scope.IsManager ? PlatformGroup(scope.Platform!)
            : throw new HubException("A regulator subscribes to single boxes (SubscribeBox) of deliveries in their regions.");
    }

    private static string Checked(string boxId) =>
        BoxIdentity.IsValid(boxId) ? boxId : throw new HubException("A box id is 1 to 32 characters from A-Z a-z 0-9 - _.");
}
