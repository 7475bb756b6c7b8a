namespace Fleet.Dashboard.Data;

/// <summary>A delivery's compliance verdict and its evidence, as the delivery page shows it.</summary>
/// <param name="Reasons">Why it is not compliant, each ending with its requirement id such as "(R5)"; empty when compliant.</param>
/// <param name="ProcessingLimitMinutes">The safe limit from processing to hand-over; null when all the food stayed cold.</param>
/// <param name="LateByMinutes">Hand-over minus the promised time: positive when late.</param>
/// <param name="DisinfectionAgeMinutes">Age at pickup of the box's last disinfection; null when none counted.</param>
public sealed record VerdictView(
    bool Compliant,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<CompartmentEvidenceView> Compartments,
    double ProcessingToHandOverMinutes,
    double? ProcessingLimitMinutes,
    double PickupToHandOverMinutes,
    double PromisedMinutes,
    double LateByMinutes,
    double? DisinfectionAgeMinutes,
    bool CourierFit,
    IReadOnlyList<EvidenceGapView> Gaps,
    DateTimeOffset ComputedAt,
    int Revision);
