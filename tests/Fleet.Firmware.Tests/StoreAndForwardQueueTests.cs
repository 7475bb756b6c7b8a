using Fleet.Firmware.Queue;

namespace Fleet.Firmware.Tests;

public sealed class StoreAndForwardQueueTests
{
    private const long T0 = 1_795_000_000_000;

    [Fact]
    public void QueueDropsOldestWhenFlashIsFull()
    {
        var queue = new StoreAndForwardQueue(new InMemoryRecordStorage(3));

        for (int i = 0; i < 5; i++)
        {
            queue.Enqueue(QueuedRecord.Telemetry("c1", T0 + (i * 1000), i));
        }

        Assert.Equal(3, queue.Count);
        Assert.Equal(2, queue.Dropped);
        Assert.Equal([2.0, 3.0, 4.0], queue.PeekBatch(10)!.Records.Select(r => r.Number));
    }

    [Fact]
    public void RecordsStayQueuedUntilTheirBatchIsAcknowledged()
    {
        var queue = new StoreAndForwardQueue(new InMemoryRecordStorage(10));
        for (int i = 0; i < 5; i++)
        {
            queue.Enqueue(QueuedRecord.Telemetry("c1", T0 + (i * 1000), i));
        }

        var batch = queue.PeekBatch(3)!;
        Assert.Equal(5, queue.Count);
        Assert.Equal(batch.Records.Select(r => r.TimeMs), queue.PeekBatch(3)!.Records.Select(r => r.TimeMs));

        Assert.Equal(3, queue.RemoveAcknowledged(batch));
        Assert.Equal(2, queue.Count);
        Assert.Equal(3.0, queue.PeekBatch(10)!.Records[0].Number);
        Assert.Equal(0, queue.RemoveAcknowledged(batch)); // a duplicate PUBACK removes nothing more
    }

    [Fact]
    public void AcknowledgementAfterDropsRemovesOnlyWhatTheBatchCovered()
    {
        var queue = new StoreAndForwardQueue(new InMemoryRecordStorage(4));
        for (int i = 0; i < 4; i++)
        {
            queue.Enqueue(QueuedRecord.Telemetry("c1", T0 + (i * 1000), i));
        }

        var batch = queue.PeekBatch(3)!; // records 0, 1, 2 in flight
        queue.Enqueue(QueuedRecord.Telemetry("c1", T0 + 4000, 4)); // drops record 0
        queue.Enqueue(QueuedRecord.Telemetry("c1", T0 + 5000, 5)); // drops record 1

        Assert.Equal(1, queue.RemoveAcknowledged(batch)); // only record 2 was still there
        Assert.Equal([3.0, 4.0, 5.0], queue.PeekBatch(10)!.Records.Select(r => r.Number));
    }

    [Fact]
    public void BatchNeverMixesTelemetryAndEvents()
    {
        var queue = new StoreAndForwardQueue(new InMemoryRecordStorage(10));
        queue.Enqueue(QueuedRecord.Telemetry("c1", T0, 4));
        queue.Enqueue(QueuedRecord.Telemetry("ambient", T0, 25));
        queue.Enqueue(QueuedRecord.BooleanEvent("lid", T0 + 500, true));
        queue.Enqueue(QueuedRecord.Telemetry("c1", T0 + 1000, 4));

        var first = queue.PeekBatch(10)!;
        Assert.Equal(RecordKind.Telemetry, first.Kind);
        Assert.Equal(2, first.Count);
        queue.RemoveAcknowledged(first);

        var second = queue.PeekBatch(10)!;
        Assert.Equal(RecordKind.Event, second.Kind);
        Assert.Equal(1, second.Count);
    }

    [Fact]
    public void RingStorageWrapsAroundKeepingOrder()
    {
        var storage = new InMemoryRecordStorage(3);
        var queue = new StoreAndForwardQueue(storage);
        for (int i = 0; i < 10; i++)
        {
            queue.Enqueue(QueuedRecord.Telemetry("c1", T0 + i, i));
            if (i % 2 == 1)
            {
                queue.RemoveAcknowledged(queue.PeekBatch(1));
            }
        }

        Assert.Equal([8.0, 9.0], Enumerable.Range(0, storage.Count).Select(i => storage.Peek(i).Number));
    }
}
