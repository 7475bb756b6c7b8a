using Fleet.Firmware.Protocol;
using Fleet.Server.Storage;

namespace Fleet.Server.Live;

/// <summary>
/// Says when a box's disinfection or UV-C events are committed: a look at each new event's name on
/// the commit path, nothing more. Depends on nothing, so the store can hand batches to it.
/// </summary>
public sealed class DisinfectionReports : ICommittedBatchSink
{
    /// <summary>Raised with the box id once per committed batch that holds a disinfection or UV-C event.</summary>
    public event Action<string>? Reported;

    public ValueTask OnCommittedAsync(StoredBatch batch, CancellationToken cancellationToken)
    {
        foreach (var boxEvent in batch.NewEvents)
        {
            if (boxEvent.Name is Channels.Uvc or Channels.Disinfection)
            {
                Reported?.Invoke(batch.BoxId);
                break;
            }
        }

        return ValueTask.CompletedTask;
    }
}
