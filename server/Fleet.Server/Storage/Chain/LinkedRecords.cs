namespace Fleet.Server.Storage.Chain;

/// <summary>A stored reading and the chain link it belongs to (null when stored before the chain existed).</summary>
public readonly record struct LinkedReading(Reading Reading, long? Link);

/// <summary>A stored event and the chain link it belongs to (null when stored before the chain existed).</summary>
public readonly record struct LinkedEvent(BoxEvent Event, long? Link);

/// <summary>Readings and events of one box as stored, each with its link number.</summary>
public sealed record LinkedRecords(IReadOnlyList<LinkedReading> Readings, IReadOnlyList<LinkedEvent> Events);
