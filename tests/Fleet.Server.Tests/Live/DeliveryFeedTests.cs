using System.Collections.Concurrent;
using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.Server.Live;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Live;

/// <summary>The deliveries pages update live: the feed says which order changed, once per burst.</summary>
public sealed class DeliveryFeedTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task TheFeedSaysWhenADeliveryIsCreatedAndNamesTheOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var changed = new ConcurrentQueue<string>();
        _server.GetRequiredService<FleetFeed>().DeliveryChanged += changed.Enqueue;

        var ordered = DateTimeOffset.UtcNow;
        (await _server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId = "ORD-LIVE", merchant = "Lao Wang", address = "12 Xinhua Road", orderedAt = ordered, processedAt = ordered,
            promisedAt = ordered.AddMinutes(30), items = new[] { new { name = "Noodles", category = "hot" } },
        }, ct)).EnsureSuccessStatusCode();

        await Eventually.ReturnsAsync(() => Task.FromResult(changed.ToArray()), c => c.Contains("ORD-LIVE"), "the delivery's change in the feed");
        Assert.Equal(["ORD-LIVE"], changed.Distinct());
    }
}
