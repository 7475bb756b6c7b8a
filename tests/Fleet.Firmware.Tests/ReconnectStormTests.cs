using Fleet.Firmware.Tests.Fakes;

namespace Fleet.Firmware.Tests;

public sealed class ReconnectStormTests
{
    private const int Boxes = 500;
    private const int StepMs = 100;

    [Fact]
    public void AfterABrokerOutageAFleetsReconnectsAreSpreadOutNotAStorm()
    {
        // Every box online, then the broker is gone for 2 minutes, then back.
        var boxes = Enumerable.Range(0, Boxes).Select(i => new TestBox(configure: c => c.RandomSeed = 1000 + i)).ToList();
        foreach (var box in boxes)
        {
            box.Run(1, ackEverything: true);
            Assert.True(box.Firmware.IsOnline);
            box.Link.Drop();
        }

        const int outageMs = 120_000;
        const int afterMs = 400_000;
        var attemptsAfterOutage = new List<long>();
        for (long t = 0; t < outageMs + afterMs; t += StepMs)
        {
            bool brokerUp = t >= outageMs;
            foreach (var box in boxes)
            {
                box.Link.NetworkUp = brokerUp;
                int before = box.Link.ConnectCalls;
                box.Firmware.Step();
                if (brokerUp && box.Link.ConnectCalls > before)
                {
                    attemptsAfterOutage.Add(t - outageMs);
                }

                box.Clock.Advance(StepMs);
            }
        }

        Assert.All(boxes, b => Assert.True(b.Firmware.IsOnline));
        Assert.Equal(Boxes, attemptsAfterOutage.Count); // each box gets in with its first attempt after the outage
        int busiestSecond = attemptsAfterOutage.GroupBy(ms => ms / 1000).Max(g => g.Count());
        Assert.True(busiestSecond <= Boxes * 5 / 100, $"{busiestSecond} of {Boxes} reconnects fell in one second");
        Assert.True(attemptsAfterOutage.Max() >= 30_000, "the reconnects should spread over tens of seconds");
    }
}
