using System.Security.Claims;
using Fleet.Server.Access;
using Fleet.Server.Alerts;
using Fleet.Server.Ingestion;
using Fleet.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Boxes;

public static class BoxesExtensions
{
    private const int MaxReadings = 10_000;

    public static WebApplicationBuilder AddBoxes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SqliteBoxStore>();
        builder.Services.AddSingleton<BoxRegistry>();
        builder.Services.AddHostedService<BoxRegistryLoader>();
        return builder;
    }

    public static WebApplication MapBoxesApi(this WebApplication app)
    {
        var boxes = app.MapGroup("/api/boxes").WithTags("Boxes").RequireAuthorization(AccessExtensions.ReadPolicy);
        boxes.MapGet("/", async (BoxRegistry registry, AlertService alerts, ScopeGuard guard, ClaimsPrincipal user, CancellationToken cancellationToken) =>
            {
                var visible = await guard.BoxFilterAsync(AccessScope.Of(user), cancellationToken).ConfigureAwait(false);
                var result = new List<BoxResponse>();
                foreach (var box in registry.Snapshot())
                {
                    if (visible.Box(box.BoxId))
                    {
                        result.Add(ToResponse(box, alerts));
                    }
                }

                return result;
            })
            .WithName("GetBoxes")
            .WithSummary("Every known box with its status and latest reading per channel");
        boxes.MapGet("/{id}", async Task<Results<Ok<BoxResponse>, NotFound>> (string id, BoxRegistry registry, AlertService alerts, ScopeGuard guard, ClaimsPrincipal user, CancellationToken cancellationToken) =>
                registry.Find(id) is { } box && await guard.SeesBoxAsync(AccessScope.Of(user), id, cancellationToken).ConfigureAwait(false)
                    ? TypedResults.Ok(ToResponse(box, alerts))
                    : TypedResults.NotFound())
            .WithName("GetBox")
            .WithSummary("One box with its status and latest reading per channel");
        boxes.MapPut("/{id}", RegisterAsync)
            .RequireAuthorization(AccessExtensions.WritePolicy)
            .WithName("RegisterBox")
            .WithSummary("Register a box for a platform (tenant)")
            .WithDescription("Body: {\"platform\": \"meituan-sz\"}. A box that connects before it is registered belongs to no platform and only admins see it. A manager registers boxes for their own platform only, and cannot take a box registered for another (404).");
        boxes.MapGet("/{id}/readings", GetReadingsAsync)
            .WithName("GetBoxReadings")
            .WithSummary("Stored readings of one channel, oldest first")
            .WithDescription("channel: c1 … c8 or ambient (required). from, to: ISO-8601 device times (default: the 24 hours up to now, or up to the channel's latest reading when the box's clock runs ahead of the server's). limit: at most this many readings (default and maximum 10000).");
        return app;
    }

    private static async Task<Results<Ok<BoxResponse>, BadRequest<string>, NotFound, ForbidHttpResult>> RegisterAsync(
        string id, BoxRegistration registration, BoxRegistry registry, AlertService alerts, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var scope = AccessScope.Of(user);
        if (!scope.IsAdmin)
        {
            if (registry.PlatformOf(id) is { } current && current != scope.Platform)
            {
                return TypedResults.NotFound();
            }

            if (registration.Platform != scope.Platform)
            {
                return TypedResults.Forbid();
            }
        }

        if (!Fleet.Firmware.Protocol.BoxIdentity.IsValid(id))
        {
            return TypedResults.BadRequest("a box id is 1 to 32 characters from A-Z a-z 0-9 - _");
        }

        if (!Access.Tenancy.IsValidPlatform(registration.Platform))
        {
            return TypedResults.BadRequest(Access.Tenancy.PlatformRule);
        }

        var box = await registry.AssignPlatformAsync(id, registration.Platform, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ToResponse(box, alerts));
    }

    private static async Task<Results<Ok<ReadingsResponse>, NotFound, BadRequest<string>>> GetReadingsAsync(
        string id,
        string? channel,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? limit,
        BoxRegistry registry,
        IReadingStore store,
        TimeProvider time,
        ScopeGuard guard,
        ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (!registry.Contains(id) || !await guard.SeesBoxAsync(AccessScope.Of(user), id, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        if (channel is null || ChannelNames.Find(System.Text.Encoding.UTF8.GetBytes(channel), PackKind.Telemetry) is not { } known)
        {
            return TypedResults.BadRequest("channel must be one of c1 … c8 or ambient");
        }

        if (limit is < 1 or > MaxReadings)
        {
            return TypedResults.BadRequest($"limit must be between 1 and {MaxReadings}");
        }

        // A box's clock may run ahead of the server's (up to Ingestion:MaxClockAheadSeconds): by default
        // the window reaches the channel's newest reading, so what the box just sent is never left out.
        var end = to ?? LaterOf(time.GetUtcNow(), registry.Find(id), known);
        var start = from ?? end.AddHours(-24);
        if (start > end)
        {
            return TypedResults.BadRequest("from must not be after to");
        }

        var stored = await store.QueryAsync(id, known, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), limit ?? MaxReadings, cancellationToken).ConfigureAwait(false);
        var readings = new List<ReadingResponse>(stored.Count);
        foreach (var reading in stored)
        {
            readings.Add(new ReadingResponse(
                DateTimeOffset.FromUnixTimeMilliseconds(reading.DeviceTimeMs),
                reading.Value,
                DateTimeOffset.FromUnixTimeMilliseconds(reading.ReceivedAtMs)));
        }

        return TypedResults.Ok(new ReadingsResponse(id, known, start, end, readings));
    }

    private static DateTimeOffset LaterOf(DateTimeOffset now, BoxSnapshot? box, string channel)
    {
        foreach (var known in box?.Channels ?? [])
        {
            if (known.Channel == channel && known.DeviceTimeMs is { } latest && latest > now.ToUnixTimeMilliseconds())
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(latest);
            }
        }

        return now;
    }

    private static BoxResponse ToResponse(BoxSnapshot box, AlertService alerts)
    {
        var channels = new List<ChannelResponse>(box.Channels.Count);
        foreach (var channel in box.Channels)
        {
            channels.Add(new ChannelResponse(channel.Channel, channel.Kind, channel.Value, Time(channel.DeviceTimeMs), Time(channel.ReceivedAtMs)));
        }

        return new BoxResponse(
            box.BoxId,
            box.Online,
            box.Firmware,
            box.IntervalSeconds,
            box.Queued,
            box.Dropped,
            DateTimeOffset.FromUnixTimeMilliseconds(box.RegisteredAtMs),
            Time(box.LastSeenMs),
            channels,
            alerts.CountOpen(box.BoxId),
            box.Platform);
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    private sealed class BoxRegistryLoader(BoxRegistry registry) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => registry.EnsureLoadedAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
