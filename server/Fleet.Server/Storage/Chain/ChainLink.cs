namespace Fleet.Server.Storage.Chain;

/// <summary>
/// One link of a box's hash chain: the records one stored batch added (what one MQTT pack inserted,
/// duplicates excluded), by their content hash, tied to the previous link.
/// </summary>
/// <param name="Seq">1, 2, 3 … per box; every stored reading and event carries the number of its link.</param>
/// <param name="FirstDeviceTimeMs">Earliest device time among the link's records.</param>
/// <param name="LastDeviceTimeMs">Latest device time among the link's records.</param>
/// <param name="StoredAtMs">Latest server receive time among the link's records.</param>
public sealed record ChainLink(
    string BoxId,
    long Seq,
    int Records,
    long FirstDeviceTimeMs,
    long LastDeviceTimeMs,
    long StoredAtMs,
    string ContentHash,
    string PreviousHash,
    string LinkHash);
