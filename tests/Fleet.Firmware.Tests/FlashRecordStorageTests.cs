using Fleet.Firmware.Queue;
using Fleet.Firmware.Tests.Fakes;

namespace Fleet.Firmware.Tests;

public sealed class FlashRecordStorageTests
{
    private const int Slots = 8;
    private const int FileBytes = 64 + (Slots * FlashRecordStorage.DefaultSlotSize);

    [Fact]
    public void RecordsComeBackAfterARebootInOrderWithEveryValue()
    {
        var flash = new InMemoryFlashFile(FileBytes);
        var storage = new FlashRecordStorage(flash);
        storage.Append(QueuedRecord.Telemetry("c1", 1_800_000_000_000, 4.25));
        storage.Append(QueuedRecord.BooleanEvent("lid", 1_800_000_001_000, true));
        storage.Append(QueuedRecord.TextEvent("pickup", 1_800_000_002_000, "ORD-42"));
        storage.Append(QueuedRecord.Telemetry("c2", 5_000, -19.5).AtUptime(5_000));

        var rebooted = new FlashRecordStorage(flash);

        Assert.Equal(4, rebooted.Count);
        Assert.Equal(Slots, rebooted.Capacity);
        Assert.Equal(("c1", 1_800_000_000_000L, 4.25), (rebooted.Peek(0).Channel, rebooted.Peek(0).TimeMs, rebooted.Peek(0).Number));
        Assert.True(rebooted.Peek(1).Flag);
        Assert.Equal("ORD-42", rebooted.Peek(2).Text);
        Assert.True(rebooted.Peek(3).IsRelative);
        Assert.Equal(5_000, rebooted.Peek(3).TimeMs);
    }

    [Fact]
    public void RemovedRecordsStayRemovedAfterARebootAndAreStillReadableForAResend()
    {
        var flash = new InMemoryFlashFile(FileBytes);
        var storage = new FlashRecordStorage(flash);
        for (int i = 0; i < 5; i++)
        {
            storage.Append(Reading(i));
        }

        storage.RemoveOldest(3);
        var rebooted = new FlashRecordStorage(flash);

        Assert.Equal([3, 4], Values(rebooted));
        Assert.Equal(3, rebooted.RetainedCount);
        Assert.Equal(0, rebooted.PeekRetained(0).Number);
    }

    [Fact]
    public void AFullQueueWrapsDroppingTheOldestAndKeepsTheDroppedCountAcrossReboots()
    {
        var flash = new InMemoryFlashFile(FileBytes);
        var queue = new StoreAndForwardQueue(new FlashRecordStorage(flash));
        for (int i = 0; i < 20; i++)
        {
            queue.Enqueue(Reading(i));
        }

        var rebooted = new FlashRecordStorage(flash);

        Assert.Equal(12, rebooted.Dropped);
        Assert.Equal([12, 13, 14, 15, 16, 17, 18, 19], Values(rebooted));
    }

    [Theory]
    [InlineData(3)] // room left
    [InlineData(Slots)] // full: the append first drops the oldest
    [InlineData(Slots + 3)] // full and already wrapped
    public void APowerCutAtAnyByteOfAnAppendLosesAtMostTheRecordBeingWritten(int before)
    {
        int completeWriteBytes = BytesOfOneEnqueue(before);
        for (int cut = 0; cut <= completeWriteBytes; cut++)
        {
            var flash = new PowerCutFlash(FileBytes);
            var queue = new StoreAndForwardQueue(new FlashRecordStorage(flash));
            for (int i = 0; i < before; i++)
            {
                queue.Enqueue(Reading(i));
            }

            var expected = Values(new FlashRecordStorage(flash));
            flash.CutPowerAfter(cut);
            bool finished = TryEnqueue(queue, Reading(1000));
            flash.Restore();

            var after = Values(new FlashRecordStorage(flash));
            var withNew = expected.Append(1000).TakeLast(Slots).ToList();
            var withoutNew = expected.Count == Slots ? expected.Skip(1).ToList() : expected;
            Assert.True(
                after.SequenceEqual(withNew) || after.SequenceEqual(expected) || after.SequenceEqual(withoutNew),
                $"cut after {cut} bytes: [{string.Join(",", after)}], expected [{string.Join(",", expected)}] plus at most 1000");
            if (finished)
            {
                Assert.Equal(withNew, after);
            }
        }
    }

    [Fact]
    public void APowerCutAtAnyByteOfAnAcknowledgementNeverLosesAnUnacknowledgedRecord()
    {
        int bytes = BytesOfRemovingOne();
        for (int cut = 0; cut <= bytes; cut++)
        {
            var flash = new PowerCutFlash(FileBytes);
            var storage = new FlashRecordStorage(flash);
            for (int i = 0; i < 6; i++)
            {
                storage.Append(Reading(i));
            }

            storage.RemoveOldest(2);
            flash.CutPowerAfter(cut);
            try
            {
                storage.RemoveOldest(1);
            }
            catch (PowerCutFlash.PowerCutException)
            {
            }

            flash.Restore();
            var after = Values(new FlashRecordStorage(flash));
            Assert.True(after.SequenceEqual([2, 3, 4, 5]) || after.SequenceEqual([3, 4, 5]), $"cut after {cut}: [{string.Join(",", after)}]");
        }
    }

    [Fact]
    public void APowerCutWhileRestampingLosesAtMostTheRecordBeingRewritten()
    {
        var flash = new PowerCutFlash(FileBytes);
        var storage = new FlashRecordStorage(flash);
        var queue = new StoreAndForwardQueue(storage) { TimesRelative = true };
        for (int i = 0; i < 4; i++)
        {
            queue.Enqueue(QueuedRecord.Telemetry("c1", i * 1000, i));
        }

        int slotWrite = RecordCodec.Encode(QueuedRecord.Telemetry("c1", 0, 0), 0, new byte[FlashRecordStorage.DefaultSlotSize]);
        flash.CutPowerAfter(slotWrite + 20); // the first record re-stamped, the second torn
        Assert.Throws<PowerCutFlash.PowerCutException>(() => queue.Restamp(1_800_000_000_000));
        flash.Restore();

        var rebooted = new FlashRecordStorage(flash);
        var readable = Enumerable.Range(0, rebooted.Count).Select(rebooted.Peek).ToList();
        Assert.Equal(4, readable.Count);
        Assert.Null(readable[1]);
        Assert.False(readable[0]!.IsRelative);
        Assert.Equal(1_800_000_000_000, readable[0]!.TimeMs);
        Assert.Equal([2.0, 3.0], readable.Skip(2).Select(r => r!.Number));
        Assert.All(readable.Skip(2), r => Assert.True(r!.IsRelative));
    }

    private static QueuedRecord Reading(int i) => QueuedRecord.Telemetry("c1", 1_800_000_000_000 + (i * 1000L), i);

    private static List<int> Values(FlashRecordStorage storage) =>
        Enumerable.Range(0, storage.Count).Select(i => (int)storage.Peek(i).Number).ToList();

    private static bool TryEnqueue(StoreAndForwardQueue queue, QueuedRecord record)
    {
        try
        {
            queue.Enqueue(record);
            return true;
        }
        catch (PowerCutFlash.PowerCutException)
        {
            return false;
        }
    }

    private static int BytesOfOneEnqueue(int before)
    {
        var flash = new InMemoryFlashFile(FileBytes);
        var queue = new StoreAndForwardQueue(new FlashRecordStorage(flash));
        for (int i = 0; i < before; i++)
        {
            queue.Enqueue(Reading(i));
        }

        long start = flash.BytesWritten;
        queue.Enqueue(Reading(1000));
        return (int)(flash.BytesWritten - start);
    }

    private static int BytesOfRemovingOne()
    {
        var flash = new InMemoryFlashFile(FileBytes);
        var storage = new FlashRecordStorage(flash);
        storage.Append(Reading(0));
        long start = flash.BytesWritten;
        storage.RemoveOldest(1);
        return (int)(flash.BytesWritten - start);
    }
}
