using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;

namespace Fleet.Server.Access;

/// <summary>
/// Answers scope questions that need data: which boxes and alerts a caller sees. A manager sees
/// the boxes registered for their platform and those boxes' alerts; a regulator sees the boxes
/// that carried (or carry) a delivery of their regions, and the alerts raised on those boxes
/// while they carried it.
/// </summary>
public sealed class ScopeGuard(BoxRegistry boxes, DeliveryStore deliveries)
{
    /// <summary>A filter for boxes, built once per request or page.</summary>
    public async Task<BoxFilter> BoxFilterAsync(AccessScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.IsAdmin)
        {
            return BoxFilter.Everything;
        }

        if (scope.IsManager)
        {
            return new BoxFilter(box => string.Equals(boxes.PlatformOf(box), scope.Platform, StringComparison.Ordinal), static (_, _) => true, scope.Platform);
        }

        if (scope.IsRegulator)
        {
            var windows = await deliveries.BoxWindowsInRegionsAsync(scope.Regions, cancellationToken).ConfigureAwait(false);
            var byBox = new Dictionary<string, List<(long From, long? To)>>(StringComparer.Ordinal);
            foreach (var (boxId, from, to) in windows)
            {
                if (!byBox.TryGetValue(boxId, out var list))
                {
                    byBox[boxId] = list = [];
                }

                list.Add((from, to));
            }

            return new BoxFilter(
                byBox.ContainsKey,
                (box, atMs) => byBox.TryGetValue(box, out var list) && list.Exists(w => atMs >= w.From && (w.To is null || atMs <= w.To)),
                null);
        }

        return BoxFilter.Nothing;
    }

    public async Task<bool> SeesBoxAsync(AccessScope scope, string boxId, CancellationToken cancellationToken = default) =>
        (await BoxFilterAsync(scope, cancellationToken).ConfigureAwait(false)).Box(boxId);

    public async Task<bool> SeesAlertAsync(AccessScope scope, Alert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return (await BoxFilterAsync(scope, cancellationToken).ConfigureAwait(false)).Alert(alert.BoxId, alert.RaisedAtMs);
    }
}

/// <summary>Which boxes, and which of their alerts (by box and raising time), a caller sees.</summary>
/// <param name="Platform">Set for a manager: the platform every visible box belongs to.</param>
public sealed record BoxFilter(Func<string, bool> Box, Func<string, long, bool> AlertAt, string? Platform)
{
    public static readonly BoxFilter Everything = new(static _ => true, static (_, _) => true, null);

    public static readonly BoxFilter Nothing = new(static _ => false, static (_, _) => false, null);

    public bool Alert(string boxId, long raisedAtMs) => Box(boxId) && AlertAt(boxId, raisedAtMs);
}
