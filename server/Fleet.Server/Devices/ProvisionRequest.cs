namespace Fleet.Server.Devices;

/// <summary>The optional body of POST /api/devices/{boxId}/credentials.</summary>
/// <param name="Platform">The platform (tenant) the box belongs to, e.g. <c>meituan-sz</c>; the box is registered for it.</param>
public sealed record ProvisionRequest(string? Platform);
