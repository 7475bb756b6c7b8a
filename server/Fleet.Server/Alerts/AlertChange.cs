namespace Fleet.Server.Alerts;

/// <summary>
/// An alert decided in memory and waiting for <see cref="AlertWriter"/>: a new row (raised, or
/// recorded already over) or the resolve of an existing one, at server time <paramref name="AtMs"/>.
/// </summary>
public sealed record AlertChange(Alert Alert, bool IsNew, long AtMs);
