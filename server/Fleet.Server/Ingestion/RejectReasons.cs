namespace Fleet.Server.Ingestion;

/// <summary>The rejection reason codes of docs/protocol.md ("Limits and rejections").</summary>
public static class RejectReasons
{
    public const string TooLarge = "too-large";
    public const string TooManyRecords = "too-many-records";
    public const string BadTopic = "bad-topic";
    public const string Malformed = "malformed";
    public const string BoxMismatch = "box-mismatch";
    public const string UnknownChannel = "unknown-channel";
    public const string BadUnit = "bad-unit";
    public const string MissingValue = "missing-value";
    public const string OutOfRange = "out-of-range";
    public const string RelativeTime = "relative-time";
    public const string TooOld = "too-old";
    public const string ClockAhead = "clock-ahead";
    public const string UnknownBox = "unknown-box";
    public const string ForeignTopic = "foreign-topic";
    public const string RateLimited = "rate-limited";

    public static readonly string[] All =
    [
        TooLarge, TooManyRecords, BadTopic, Malformed, BoxMismatch, UnknownChannel, BadUnit,
        MissingValue, OutOfRange, RelativeTime, TooOld, ClockAhead, UnknownBox, ForeignTopic, RateLimited,
    ];
}
