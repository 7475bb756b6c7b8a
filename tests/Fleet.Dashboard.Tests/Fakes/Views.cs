using Fleet.Dashboard.Data;

namespace Fleet.Dashboard.Tests.Fakes;

/// <summary>Short builders for the view contract, so a test shows only what it is about.</summary>
internal static class Views
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static BoxView Box(string id, params CompartmentView[] compartments) =>
        new(id, Online: true, LastSeen: Now.AddSeconds(-12), compartments, AmbientCelsius: 24.0, OpenAlerts: 0);

    public static CompartmentView Chilled(string channel, double celsius, TemperatureState state = TemperatureState.InRange) =>
        new(channel, "chilled", celsius, Now.AddSeconds(-12), state);

    public static CompartmentView Frozen(string channel, double celsius, TemperatureState state = TemperatureState.InRange) =>
        new(channel, "frozen", celsius, Now.AddSeconds(-12), state);

    public static CompartmentView NoReading(string channel) =>
        new(channel, "unknown", null, null, TemperatureState.Unknown);

    public static AlertView Alert(long id, string boxId, string rule = "chilled-too-warm", string severity = "warning",
        DateTimeOffset? raisedAt = null, string state = "open", bool late = false) =>
        new(id, rule, severity, boxId, "c1", state, raisedAt ?? Now.AddMinutes(-id), null, late, $"{rule} on {boxId}");
}
