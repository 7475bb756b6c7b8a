namespace Fleet.Dashboard.Data;

/// <summary>
/// Which deliveries a regulator query covers: those ordered in [<see cref="From"/>, <see cref="To"/>),
/// narrowed by platform, merchant, region-code prefix and compliance when given. The caller's
/// jurisdiction applies on top, always.
/// </summary>
public sealed record RegulatorFilter(
    DateTimeOffset From,
    DateTimeOffset To,
    string? Platform = null,
    string? Merchant = null,
    string? Region = null,
    bool? Compliant = null);
