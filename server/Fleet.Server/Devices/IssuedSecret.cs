namespace Fleet.Server.Devices;

/// <summary>A secret just issued to a box: shown to the caller this once, never stored in clear.</summary>
/// <param name="BoxId">The box, which is also its MQTT username and client id.</param>
/// <param name="Secret">The MQTT password.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="Rotated">True when it replaced an earlier secret, which no longer works.</param>
/// <param name="Platform">The platform (tenant) the caller named, if any.</param>
public sealed record IssuedSecret(string BoxId, string Secret, DateTimeOffset IssuedAt, bool Rotated, string? Platform = null);
