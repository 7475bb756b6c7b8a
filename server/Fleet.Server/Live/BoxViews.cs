using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Rules;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Live;

/// <summary>
/// Builds the dashboard's BoxView from the registry, with each compartment's state against its kind's
/// limit, and the box's disinfection and carried order from the in-memory status cache (no query).
/// </summary>
public sealed class BoxViews(BoxRegistry registry, AlertService alerts, IOptions<RulesOptions> rules, BoxStatusCache status, TimeProvider time)
{
    public BoxView? Find(string boxId) => registry.Find(boxId) is { } box ? ToView(box) : null;

    public IReadOnlyList<BoxView> All()
    {
        var boxes = registry.Snapshot();
        var views = new List<BoxView>(boxes.Count);
        foreach (var box in boxes)
        {
            views.Add(ToView(box));
        }

        return views;
    }

    public BoxView ToView(BoxSnapshot box)
    {
        var compartments = new List<CompartmentView>(box.Channels.Count);
        double? ambient = null;
        foreach (var channel in box.Channels)
        {
            if (channel.Channel == Channels.Ambient)
            {
                ambient = channel.Value;
                continue;
            }

            compartments.Add(new CompartmentView(
                channel.Channel,
                channel.Kind,
                channel.Value,
                channel.DeviceTimeMs is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null,
                StateOf(channel.Kind, channel.Value)));
        }

        var lastSeen = box.LastSeenMs is { } seen ? DateTimeOffset.FromUnixTimeMilliseconds(seen) : (DateTimeOffset?)null;
        DateTimeOffset? disinfected = null;
        bool? fit = null;
        if (status.TryGetLastDisinfected(box.BoxId, out disinfected))
        {
            // Judged on the box's clock, as the rules judge it.
            var deviceNow = time.GetUtcNow().AddMilliseconds(DeliveryWatch.Skew(box));
            fit = disinfected is { } ended && deviceNow - ended <= status.MaxAge;
        }

        return new BoxView(box.BoxId, box.Online, lastSeen, compartments, ambient, alerts.CountOpen(box.BoxId),
            disinfected, fit, status.CarryingOrder(box.BoxId));
    }

    public TemperatureState StateOf(string kind, double? celsius)
    {
        if (celsius is not { } value)
        {
            return TemperatureState.Unknown;
        }

        return kind switch
        {
            CompartmentKinds.Chilled => value > rules.Value.Chilled.MaxCelsius ? TemperatureState.OutOfRange : TemperatureState.InRange,
            CompartmentKinds.Frozen => value > rules.Value.Frozen.MaxCelsius ? TemperatureState.OutOfRange : TemperatureState.InRange,
            CompartmentKinds.Hot => value < rules.Value.Hot.MinCelsius ? TemperatureState.OutOfRange : TemperatureState.InRange,
            _ => TemperatureState.Unknown,
        };
    }
}
