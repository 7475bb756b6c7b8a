namespace Fleet.Server.Couriers;

/// <summary>Registers or updates a courier: name, health certificate expiry (a date), training record, platform.</summary>
public sealed record CourierRequest(string? Name, DateOnly? CertificateExpires, string? Training, string? Platform = null);

/// <summary>A daily health check: the day (default today on the platform's calendar) and whether the courier passed.</summary>
public sealed record HealthCheckRequest(DateOnly? Day, bool Passed);

/// <summary>A courier with the fitness verdict of today on the platform's calendar.</summary>
public sealed record CourierResponse(string CourierId, string Name, DateOnly CertificateExpires, string? Training, bool? CheckedToday, bool Fit, IReadOnlyList<string> Reasons, string? Platform);
