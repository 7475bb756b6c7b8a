namespace Fleet.Server.Storage;

/// <summary>
/// The new records of one box in one group commit, linked together once every request is written.
/// The first request's lists are kept as they are; a second request's records go into copies, as
/// each request's own lists are its <see cref="StoredBatch"/>.
/// </summary>
internal sealed class PendingLink(string boxId, long seq)
{
    private List<Reading>? _readings;
    private List<BoxEvent>? _events;
    private bool _readingsShared, _eventsShared;

    public string BoxId => boxId;

    public long Seq => seq;

    public bool HasRecords => _readings is not null || _events is not null;

    public IReadOnlyList<Reading> Readings => _readings ?? StoredBatch.NoReadings;

    public IReadOnlyList<BoxEvent> Events => _events ?? StoredBatch.NoEvents;

    public void Add(List<Reading>? readings, List<BoxEvent>? events)
    {
        Merge(ref _readings, ref _readingsShared, readings);
        Merge(ref _events, ref _eventsShared, events);
    }

    private static void Merge<T>(ref List<T>? into, ref bool shared, List<T>? more)
    {
        if (more is null)
        {
            return;
        }

        if (into is null)
        {
            into = more;
            shared = true;
            return;
        }

        if (shared)
        {
            into = new List<T>(into);
            shared = false;
        }

        into.AddRange(more);
    }
}
