using Fleet.Server.Boxes;
using Fleet.Server.Storage.Chain;

namespace Fleet.Server.Evidence;

/// <summary>One box in a bundle: its records in the window, the chain links that hold them and their verification, its device details and gaps.</summary>
public sealed record BoxEvidence(
    string BoxId,
    long FromMs,
    long ToMs,
    LinkedRecords Records,
    IReadOnlyList<ChainLink> Links,
    ChainVerification? Verification,
    ChainHead Head,
    BoxSnapshot? Device,
    BoxProfile? Profile,
    IReadOnlyList<CalibrationRecord> Calibrations,
    IReadOnlyList<EvidenceGapEntry> Gaps);
