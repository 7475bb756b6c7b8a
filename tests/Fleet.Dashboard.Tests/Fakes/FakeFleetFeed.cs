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

    public event Action<string>? DeliveryChanged;

    /// <summary>Says, from a thread-pool thread as the server's feed would, that a delivery changed.</summary>
    public Task PublishDeliveryChangedAsync(string orderId) => Task.Run(() => DeliveryChanged?.Invoke(orderId));

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

    /// <summary>The signed-in user the server's feed would act for: its actions are in this name.</summary>
    public string SignedInAs { get; set; } = "Zhang Wei";

    /// <summary>Every acknowledgement and resolution asked for, in order, with the signed-in user they were made as.</summary>
    public List<(string Action, long AlertId, string By, string Note)> Actions { get; } = [];

    public Task<AlertActionResult> AcknowledgeAlertAsync(long alertId, string note, CancellationToken cancellationToken = default) =>
        ActAsync("acknowledge", alertId, SignedInAs, note, a => a.State == "open", (a, by) => a with { State = "acknowledged", AcknowledgedBy = by, AcknowledgeNote = note, AcknowledgedAt = Views.Now });

    public Task<AlertActionResult> ResolveAlertAsync(long alertId, string note, CancellationToken cancellationToken = default) =>
        ActAsync("resolve", alertId, SignedInAs, note, a => a.IsOpen(), (a, by) => a with { State = "resolved", ResolvedBy = by, ResolutionNote = note, ResolvedAt = Views.Now });

    /// <summary>As the server does: a note required, only from a state that allows it, and the change published.</summary>
    private async Task<AlertActionResult> ActAsync(string action, long alertId, string by, string note, Func<AlertView, bool> allowed, Func<AlertView, string, AlertView> apply)
    {
        AlertView changed;
        lock (gate)
        {
            Actions.Add((action, alertId, by, note));
            if (string.IsNullOrWhiteSpace(note))
            {
                return AlertActionResult.Refused("A note is required.");
            }

            if (!alerts.TryGetValue(alertId, out var alert))
            {
                return AlertActionResult.Refused($"There is no alert {alertId}.");
            }

            if (!allowed(alert))
            {
                return AlertActionResult.Refused($"Alert {alertId} is {alert.State} already.");
            }

            alerts[alertId] = changed = apply(alert, by);
        }

        await Task.Run(() => AlertChanged?.Invoke(changed));
        return AlertActionResult.Done(changed);
    }

    public List<DeliveryView> Deliveries { get; } = [];

    public Dictionary<string, DeliveryDetailView> DeliveryDetails { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, BoxHistoryView> Histories { get; } = new(StringComparer.Ordinal);

    /// <summary>Every history range asked for, in order.</summary>
    public List<(string BoxId, DateTimeOffset From, DateTimeOffset To)> HistoryRequests { get; } = [];

    public BoxView? GetBox(string boxId)
    {
        lock (gate)
        {
            return boxes.GetValueOrDefault(boxId);
        }
    }

    public Task<IReadOnlyList<DeliveryView>> GetDeliveriesAsync(int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DeliveryView>>(Deliveries.Take(limit).ToList());

    public Task<DeliveryDetailView?> GetDeliveryAsync(string orderId, CancellationToken cancellationToken = default) =>
        Task.FromResult(DeliveryDetails.GetValueOrDefault(orderId));

    public Task<BoxHistoryView> GetBoxHistoryAsync(string boxId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            HistoryRequests.Add((boxId, from, to));
        }

        return Task.FromResult(Histories.TryGetValue(boxId, out var history)
            ? history with { From = from, To = to }
            : new BoxHistoryView(boxId, from, to, [], [], []));
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
