namespace Fleet.Server.Alerts;

/// <summary>
/// The body of an acknowledge or a resolve: why (the note, required). Who does it is the signed-in
/// user or token; <see cref="By"/> is accepted for older clients and ignored.
/// </summary>
public sealed record AlertAction(string? By, string? Note);
