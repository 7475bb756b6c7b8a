namespace Fleet.Simulator;

/// <summary>A fault applied to one box when device time reaches <paramref name="AtDeviceTime"/> after the start.</summary>
/// <param name="BoxId">The box.</param>
/// <param name="AtDeviceTime">Device time after the start.</param>
/// <param name="Kind">What goes wrong.</param>
/// <param name="Duration">How long (device time) for network drops and open lids; cooling failures last
/// until restored when null; reboots ignore it.</param>
public sealed record ScheduledFault(string BoxId, TimeSpan AtDeviceTime, FaultKind Kind, TimeSpan? Duration = null);
