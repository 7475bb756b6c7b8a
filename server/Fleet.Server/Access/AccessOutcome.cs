namespace Fleet.Server.Access;

/// <summary>The result of an administrative change: the value, or why it was refused.</summary>
public sealed record AccessOutcome<T>(T? Value, string? Error, bool NotFound = false)
    where T : class
{
    public bool Succeeded => Error is null;

    public static AccessOutcome<T> Done(T value) => new(value, null);

    public static AccessOutcome<T> Refused(string error) => new(null, error);

    public static AccessOutcome<T> Missing(string error) => new(null, error, NotFound: true);
}
