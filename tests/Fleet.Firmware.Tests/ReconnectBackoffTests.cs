using Fleet.Firmware.Connectivity;

namespace Fleet.Firmware.Tests;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void BackoffSpreadsReconnectsWithJitter()
    {
        // 100 boxes lose the broker at the same moment: their first reconnects spread over the first second.
        var delays = Enumerable.Range(1, 100).Select(seed => new ReconnectBackoff(1000, 300_000, seed).OnFailure(0)).ToList();

        Assert.All(delays, d => Assert.InRange(d, 0, 1000));
        Assert.True(delays.Distinct().Count() > 80, "delays should differ between boxes");
        Assert.InRange(delays.Average(), 350, 650);
    }

    [Fact]
    public void BackoffCeilingGrowsExponentiallyUpToTheCap()
    {
        var backoff = new ReconnectBackoff(1000, 300_000, 7);
        var maxima = new List<int>();
        for (int failure = 0; failure < 14; failure++)
        {
            // The largest of many draws at this failure count approaches the ceiling.
            int max = 0;
            for (int k = 0; k < 200; k++)
            {
                var probe = new ReconnectBackoff(1000, 300_000, (failure * 1000) + k);
                for (int f = 0; f < failure; f++)
                {
                    probe.OnFailure(0);
                }

                max = Math.Max(max, probe.OnFailure(0));
            }

            maxima.Add(max);
        }

        Assert.InRange(maxima[0], 900, 1000);
        Assert.InRange(maxima[3], 7000, 8000);
        Assert.All(maxima, m => Assert.True(m <= 300_000));
        Assert.InRange(maxima[13], 280_000, 300_000);
        Assert.True(backoff.CanAttempt(0));
    }

    [Fact]
    public void BackoffWaitsTheChosenDelayAndResetsOnSuccess()
    {
        var backoff = new ReconnectBackoff(1000, 300_000, 3);
        for (int i = 0; i < 10; i++)
        {
            backoff.OnFailure(0);
        }

        int delay = backoff.OnFailure(10_000);
        Assert.Equal(10_000 + delay, backoff.NextAttemptMs);
        Assert.True(delay == 0 || !backoff.CanAttempt(10_000 + delay - 1));
        Assert.True(backoff.CanAttempt(10_000 + delay));

        backoff.Reset();
        Assert.Equal(0, backoff.Failures);
        Assert.True(backoff.CanAttempt(0));
        Assert.InRange(backoff.OnFailure(0), 0, 1000);
    }
}
