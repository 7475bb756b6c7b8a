namespace Fleet.Dashboard.Data;

/// <summary>
/// A compartment kind's limits (chilled, frozen, hot): the regulation's, set in configuration only.
/// </summary>
/// <param name="Source">Where they come from: "regulation" (the built-in defaults) or the configuration section that changed them.</param>
public sealed record KindLimitsView(string Kind, double? MaxCelsius, double? InstantMaxCelsius, double? MinCelsius, double GraceMinutes, string Source);
