using Fleet.Dashboard.Data;

namespace Fleet.Dashboard.Tests.Fakes;

/// <summary>
/// An in-memory feed that behaves like the server's: it keeps the latest state and raises its
/// events on a thread-pool thread, never on the renderer's.
/// </summary>
internal sealed class FakeFleetFeed : IFleetFeed
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, BoxView> boxes = new(StringComparer.Ordinal);
    private readonly Dictionary<long, AlertView> alerts = [];

    public event Action<BoxView>? BoxChanged;

    public event Action<AlertView>? AlertChanged;

    public int Subscribers => (BoxChanged?.GetInvocationList().Length ?? 0) + (AlertChanged?.GetInvocationList().Length ?? 0);

    public FakeFleetFeed With(params BoxView[] views)
    {
        lock (gate)
        {
            foreach (var box in views)
            {
                boxes[box.BoxId] = box;
            }
        }

        return this;
    }

    public FakeFleetFeed With(params AlertView[] views)
    {
        lock (gate)
        {
            foreach (var alert in views)
            {
                alerts[alert.Id] = alert;
            }
        }

        return this;
    }

    public IReadOnlyList<BoxView> GetBoxes()
    {
        lock (gate)
        {
            return [.. boxes.Values];
        }
    }

    public IReadOnlyList<AlertView> GetAlerts(int limit = 200)
    {
        lock (gate)
        {
            return alerts.Values
                .OrderBy(a => a.IsOpen() ? 0 : 1)
                .ThenByDescending(a => a.RaisedAt)
                .Take(limit)
                .ToList();
        }
    }

    public Task PublishAsync(BoxView box)
    {
        With(box);
        return Task.Run(() => BoxChanged?.Invoke(box));
    }

    public Task PublishAsync(AlertView alert)
    {
        With(alert);
        return Task.Run(() => AlertChanged?.Invoke(alert));
    }
}
