using System.Collections;
using System.Collections.Concurrent;

namespace Fleet.Server.Ingestion;

/// <summary>
/// The PUBACKs of one box's broker session that wait for their publish to be durably stored.
/// MQTTnet reads a client's packets one at a time and would stop reading while each publish
/// commits, so one connection could never put more than one publish into a group commit. Holding
/// the PUBACK instead of the publish lets the box's next publishes (its QoS 1 window) join the
/// same commit, and the PUBACK still leaves only once its publish is stored.
/// </summary>
public sealed class HeldAcknowledgements
{
    private const string SessionKey = "fleet.held-acknowledgements";

    private readonly ConcurrentDictionary<ushort, Task<IngestOutcome>> _held = new();
    private volatile bool _failed;

    // The packet identifier of the QoS 1 publish the broker is reading from this session now, or -1.
    // Written and read on the session's receive loop, which reads one packet at a time.
    private int _reading = -1;

    /// <summary>
    /// True once a publish of the current connection could not be stored: from then on nothing is
    /// acknowledged on it, so the box sends everything from that publish on again after it reconnects.
    /// </summary>
    public bool Failed
    {
        get => _failed;
        set => _failed = value;
    }

    /// <summary>
    /// This session's, made on first use. Only the session's receive loop calls it, so no two
    /// callers make one; MQTTnet's session items are a concurrent dictionary, safe to read elsewhere.
    /// </summary>
    public static HeldAcknowledgements Of(IDictionary sessionItems)
    {
        ArgumentNullException.ThrowIfNull(sessionItems);
        if (sessionItems[SessionKey] is not HeldAcknowledgements held)
        {
            held = new HeldAcknowledgements();
            sessionItems[SessionKey] = held;
        }

        return held;
    }

    /// <summary>This session's, or null when none of its publishes was ever read.</summary>
    public static HeldAcknowledgements? Find(IDictionary sessionItems) =>
        sessionItems?[SessionKey] as HeldAcknowledgements;

    /// <summary>Notes the QoS 1 publish the broker has just read, before its publish interceptor runs.</summary>
    public void Reading(ushort packetId) => _reading = packetId;

    /// <summary>
    /// The publish noted by <see cref="Reading"/>, once: a message the broker publishes on the
    /// session's behalf later (its last will) finds none, and is not mistaken for it.
    /// </summary>
    public int TakeReading()
    {
        var packetId = _reading;
        _reading = -1;
        return packetId;
    }

    /// <summary>Holds the PUBACK of <paramref name="packetId"/> until <paramref name="ingest"/> completes.</summary>
    public void Hold(int packetId, Task<IngestOutcome> ingest) => _held[(ushort)packetId] = ingest;

    /// <summary>The ingestion the PUBACK of <paramref name="packetId"/> waits for, if it was held.</summary>
    public bool TryTake(ushort packetId, out Task<IngestOutcome> ingest) => _held.TryRemove(packetId, out ingest!);
}
