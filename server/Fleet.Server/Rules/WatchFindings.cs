using Fleet.Server.Alerts;

namespace Fleet.Server.Rules;

/// <summary>
/// What one run of the watch found: conditions that hold now (an alert must be open), when a
/// condition that no longer holds cleared (for the resolution's time), and conditions found already
/// over (recorded as resolved alerts, marked late).
/// </summary>
public sealed class WatchFindings
{
    public List<NewAlert> Holding { get; } = [];

    public Dictionary<(string Rule, string BoxId, string? Channel, string? OrderId), (long AtMs, string Message)> Cleared { get; } = [];

    public List<(NewAlert Alert, long EndedAtMs, string Message)> Over { get; } = [];

    public void Clear(string rule, string boxId, string? channel, long atMs, string message, string? orderId = null) =>
        Cleared[(rule, boxId, channel, orderId)] = (atMs, message);
}
