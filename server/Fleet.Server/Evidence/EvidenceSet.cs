using Fleet.Server.Alerts;
using Fleet.Server.Deliveries;
using Fleet.Server.Rules;
using Fleet.Server.Verdicts;

namespace Fleet.Server.Evidence;

/// <summary>Everything one bundle holds, gathered once; the files and the PDF are written from it.</summary>
/// <param name="Kind">delivery, box, merchant or violation.</param>
/// <param name="SubjectId">The order id, box id, merchant or alert id.</param>
public sealed record EvidenceSet(
    string Kind,
    string SubjectId,
    string Title,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset GeneratedAt,
    string? GeneratedFor,
    IReadOnlyList<BoxEvidence> Boxes,
    IReadOnlyList<DeliveryEvidence> Deliveries,
    IReadOnlyList<Alert> Alerts,
    RulesOptions Rules,
    WatchOptions Watch,
    VerdictOptions Verdicts);

/// <summary>A delivery's order record with its latest verdict and tenancy.</summary>
public sealed record DeliveryEvidence(Delivery Delivery, DeliveryVerdict? Verdict, string? Platform, string? MerchantRegion);

/// <summary>A gap in the record: a channel without readings for longer than the rules allow, or a chain that does not verify.</summary>
public sealed record EvidenceGapEntry(string BoxId, string Channel, DateTimeOffset From, DateTimeOffset To, double Minutes, string Reason);
