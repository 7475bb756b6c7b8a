namespace Fleet.Server.Alerts;

/// <summary>The body of an acknowledge or a resolve: who does it and why. Both are required.</summary>
public sealed record AlertAction(string? By, string? Note);
