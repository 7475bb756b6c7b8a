using Fleet.Firmware.Protocol;
using Microsoft.AspNetCore.SignalR;

namespace Fleet.Server.Live;

/// <summary>
/// The live hub at /hubs/fleet. After SubscribeFleet a client receives "box" (a BoxView, at most
/// about twice a second per box) and "alert" (an AlertView) messages; after SubscribeBox(id) it
/// receives that box's "readings" (each stored batch) and "alert" messages. An alert goes to both
/// groups, so a client in both may see it twice; it carries its id and state, so that is harmless.
/// </summary>
public sealed class FleetHub : Hub
{
    public const string Path = "/hubs/fleet";
    public const string FleetGroup = "fleet";

    public static string BoxGroup(string boxId) => "box:" + boxId;

    public Task SubscribeFleet() => Groups.AddToGroupAsync(Context.ConnectionId, FleetGroup);

    public Task UnsubscribeFleet() => Groups.RemoveFromGroupAsync(Context.ConnectionId, FleetGroup);

    public Task SubscribeBox(string boxId) => Groups.AddToGroupAsync(Context.ConnectionId, BoxGroup(Checked(boxId)));

    public Task UnsubscribeBox(string boxId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, BoxGroup(Checked(boxId)));

    private static string Checked(string boxId) =>
        BoxIdentity.IsValid(boxId) ? boxId : throw new HubException("A box id is 1 to 32 characters from A-Z a-z 0-9 - _.");
}
