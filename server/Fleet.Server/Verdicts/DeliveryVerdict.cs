namespace Fleet.Server.Verdicts;

/// <summary>
/// A delivery's compliance verdict and its evidence, computed on hand-over and again whenever late
/// readings of its box and window arrive (<see cref="Revision"/> counts the computations).
/// </summary>
/// <param name="Reasons">Why it is not compliant, each naming its requirement; empty when compliant.</param>
/// <param name="ProcessingLimitMinutes">The safe limit from processing to hand-over for its food; null when all of it stayed cold.</param>
/// <param name="LateByMinutes">Hand-over minus the promised time: positive when late.</param>
/// <param name="DisinfectionAgeMinutes">Age at pickup of the box's last counted disinfection; null when it had none in the allowed age.</param>
public sealed record DeliveryVerdict(
    string OrderId,
    string BoxId,
    bool Compliant,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<CompartmentEvidence> Compartments,
    DateTimeOffset PickedUpAt,
    DateTimeOffset HandedOverAt,
    double ProcessingToHandOverMinutes,
    double? ProcessingLimitMinutes,
    double PickupToHandOverMinutes,
    double PromisedMinutes,
    double LateByMinutes,
    double? DisinfectionAgeMinutes,
    bool CourierFit,
    IReadOnlyList<EvidenceGap> Gaps,
    DateTimeOffset ComputedAt,
    int Revision);
