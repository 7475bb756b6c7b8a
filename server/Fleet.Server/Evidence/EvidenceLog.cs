namespace Fleet.Server.Evidence;

internal static partial class EvidenceLog
{
    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Created a new evidence signing key in {Path}; back it up with the data directory, and publish its public half (GET /api/evidence/public-key)")]
    public static partial void KeyCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Evidence bundle {Name} built for {User}: {Files} files, manifest signed with key {Fingerprint}")]
    public static partial void BundleBuilt(ILogger logger, string name, string? user, int files, string fingerprint);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Evidence request refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);
}
