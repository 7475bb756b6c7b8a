using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Claims;
using Fleet.Server.Access;
using Fleet.Server.Alerts;
using Fleet.Server.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Evidence;

/// <summary>
/// The regulator's evidence endpoints: signed bundles for a delivery, a box and window, a merchant
/// and period; a violation report for a serious alert; and the public key that verifies them.
/// The public key is served to anyone; every bundle endpoint needs a signed-in admin, manager or
/// regulator (<see cref="AccessExtensions.ReadPolicy"/>) and asks <see cref="EvidenceAccess"/> about
/// its subject, answering 404 outside the caller's scope.
/// </summary>
internal static class EvidenceApi
{
    private static readonly Meter Meter = new("Fleet.Evidence");
    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>("fleet.evidence.refused", "{request}", "Evidence requests refused for bad input");
    private static readonly Counter<long> Bundles = Meter.CreateCounter<long>("fleet.evidence.bundles", "{bundle}", "Evidence bundles built");

    public static void Map(WebApplication app)
    {
        var evidence = app.MapGroup("/api/evidence").WithTags("Evidence");
        evidence.MapGet("/public-key", (EvidenceKey key) => TypedResults.Text(key.PublicKeyPem, "application/x-pem-file"))
            .WithName("GetEvidencePublicKey")
            .WithSummary("The evidence key's public half (PEM) that verifies every bundle's manifest.sig")
            .AllowAnonymous();
        evidence.MapGet("/deliveries/{orderId}", DeliveryAsync)
            .WithName("GetDeliveryEvidence")
            .WithSummary("A signed evidence bundle (zip) for one delivery, from pickup to hand-over")
            .RequireAuthorization(AccessExtensions.ReadPolicy);
        evidence.MapGet("/boxes/{boxId}", BoxAsync)
            .WithName("GetBoxEvidence")
            .WithSummary("A signed evidence bundle (zip) for one box and a time window")
            .WithDescription("from, to: ISO-8601 device times (required; at most Evidence:MaxWindowDays apart).")
            .RequireAuthorization(AccessExtensions.ReadPolicy);
        evidence.MapGet("/merchants/{merchant}", MerchantAsync)
            .WithName("GetMerchantEvidence")
            .WithSummary("A signed evidence bundle (zip) for a merchant's deliveries ordered in a period")
            .WithDescription("from, to: ISO-8601 times (required; at most Evidence:MaxWindowDays apart).")
            .RequireAuthorization(AccessExtensions.ReadPolicy);
        app.MapGet("/api/alerts/{id:long}/violation-report", ViolationAsync)
            .WithTags("Evidence")
            .WithName("GetViolationReport")
            .WithSummary("For a serious (critical) alert: a signed bundle whose PDF reports the violation to the county-level market-supervision department of the merchant's region (R9)")
            .RequireAuthorization(AccessExtensions.ReadPolicy);
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> DeliveryAsync(
        string orderId, ClaimsPrincipal user, HttpContext context, AuditTrail audit, EvidenceAccess access, EvidenceCollector collector, EvidenceKey key, TimeProvider time, ILogger<EvidenceCollector> logger, CancellationToken cancellationToken)
    {
        var delivery = await collector.DeliveryAsync(orderId, cancellationToken).ConfigureAwait(false);
        if (delivery is null || !access.MayAccess(user, SubjectOf(delivery)))
        {
            return TypedResults.NotFound();
        }

        var set = await collector.ForDeliveryAsync(delivery, user.Identity?.Name, cancellationToken).ConfigureAwait(false);
        return await ServeAsync(new Served(set, key, null, null, $"evidence-delivery-{orderId}", delivery.Platform, delivery.MerchantRegion), context, audit, logger).ConfigureAwait(false);
    }

    private static async Task<Results<FileContentHttpResult, NotFound, BadRequest<string>>> BoxAsync(
        string boxId, DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user, HttpContext context, AuditTrail audit, EvidenceAccess access, EvidenceQueries queries, EvidenceCollector collector,
        EvidenceKey key, IOptions<EvidenceOptions> options, ILogger<EvidenceCollector> logger, CancellationToken cancellationToken)
    {
        if (WindowProblem(from, to, options.Value) is { } problem)
        {
            return Refuse(logger, problem);
        }

        var subject = await queries.BoxSubjectAsync(boxId, cancellationToken).ConfigureAwait(false);
        if (!access.MayAccess(user, subject))
        {
            return TypedResults.NotFound();
        }

        var set = await collector.ForBoxAsync(boxId, from!.Value, to!.Value, user.Identity?.Name, cancellationToken).ConfigureAwait(false);
        return await ServeAsync(new Served(set, key, null, null, $"evidence-box-{boxId}", subject.Platform, null), context, audit, logger).ConfigureAwait(false);
    }

    private static async Task<Results<FileContentHttpResult, NotFound, BadRequest<string>>> MerchantAsync(
        string merchant, DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user, HttpContext context, AuditTrail audit, EvidenceAccess access, EvidenceCollector collector,
        EvidenceKey key, IOptions<EvidenceOptions> options, ILogger<EvidenceCollector> logger, CancellationToken cancellationToken)
    {
        if (WindowProblem(from, to, options.Value) is { } problem)
        {
            return Refuse(logger, problem);
        }

        var set = await collector.ForMerchantAsync(merchant, from!.Value, to!.Value, user.Identity?.Name, cancellationToken).ConfigureAwait(false);
        var region = options.Value.MerchantRegions.GetValueOrDefault(merchant) ?? set.Deliveries.Select(d => d.MerchantRegion).FirstOrDefault(r => r is not null);

        // Only the deliveries the caller may see: a manager gets their platform's orders of the
        // merchant, a regulator those of their regions. A caller who sees none of them, and does not
        // oversee the merchant's region, learns nothing about the merchant.
        var visible = set.Deliveries.Where(d => access.MayAccess(user, SubjectOf(d))).Select(d => d.Delivery.OrderId).ToHashSet(StringComparer.Ordinal);
        if (visible.Count == 0 && !access.MayAccess(user, new EvidenceSubject(EvidenceSubject.Merchant, merchant, null, region)))
        {
            return TypedResults.NotFound();
        }

        if (visible.Count != set.Deliveries.Count)
        {
            set = await collector.ForMerchantAsync(merchant, from.Value, to.Value, user.Identity?.Name, cancellationToken, visible).ConfigureAwait(false);
        }

        // The platform is named only when every delivery in the bundle is of one platform.
        var platforms = set.Deliveries.Select(d => d.Platform).Distinct(StringComparer.Ordinal).ToList();
        var platform = platforms.Count == 1 ? platforms[0] : null;
        return await ServeAsync(new Served(set, key, null, null, $"evidence-merchant-{merchant}", platform, region), context, audit, logger).ConfigureAwait(false);
    }

    private static async Task<Results<FileContentHttpResult, NotFound, Conflict<string>>> ViolationAsync(
        long id, ClaimsPrincipal user, HttpContext context, AuditTrail audit, EvidenceAccess access, EvidenceQueries queries, EvidenceCollector collector, SqliteAlertStore alerts, EvidenceKey key,
        IOptions<EvidenceOptions> options, ILogger<EvidenceCollector> logger, CancellationToken cancellationToken)
    {
        if (await alerts.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } alert)
        {
            return TypedResults.NotFound();
        }

        var set = await collector.ForAlertAsync(alert, user.Identity?.Name, cancellationToken).ConfigureAwait(false);
        var delivery = set.Deliveries.FirstOrDefault();
        var subject = delivery is null ? await queries.BoxSubjectAsync(alert.BoxId, cancellationToken).ConfigureAwait(false) : SubjectOf(delivery);
        if (!access.MayAccess(user, subject))
        {
            return TypedResults.NotFound();
        }

        if (alert.Severity != Severities.Critical)
        {
            var reason = $"alert {id} is {alert.Severity}; violation reports are made for serious ({Severities.Critical}) alerts";
            Refusals.Add(1);
            EvidenceLog.Refused(logger, reason);
            return TypedResults.Conflict(reason);
        }

        var merchant = delivery?.Delivery.Merchant ?? "unknown (no delivery was under way)";
        var region = delivery?.MerchantRegion ?? (delivery is null ? null : options.Value.MerchantRegions.GetValueOrDefault(delivery.Delivery.Merchant));
        var addressee = ViolationAddressee.For(merchant, region, options.Value.Departments);
        return await ServeAsync(new Served(set, key, addressee, alert, $"violation-report-alert-{id}", subject.Platform, subject.Region ?? region), context, audit, logger).ConfigureAwait(false);
    }

    /// <summary>A bundle about to be served: its evidence, how it is signed and addressed, and the tenancy of its subject.</summary>
    private sealed record Served(EvidenceSet Set, EvidenceKey Key, ViolationAddressee? Addressee, Alert? Alert, string Name, string? Platform, string? Region);

    /// <summary>
    /// Builds and signs the zip, then records it in the audit trail (export.created, target
    /// evidence-bundle/{kind}/{subject}, the manifest's SHA-256 in after) before answering: no
    /// bundle leaves without its record.
    /// </summary>
    private static async Task<FileContentHttpResult> ServeAsync(Served served, HttpContext context, AuditTrail audit, ILogger logger)
    {
        var (set, key) = (served.Set, served.Key);
        var files = EvidenceFiles.Write(set);
        files[served.Addressee is null ? "report.pdf" : "violation-report.pdf"] = EvidenceReport.Render(set, key.Fingerprint, served.Addressee, served.Alert);
        var (zip, manifestSha256) = EvidenceBundle.Build(files, key);
        var fileName = $"{Safe(served.Name)}-{set.GeneratedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.zip";
        await audit.RecordAsync(AuditEntry.Change(
            AuditActions.ExportCreated,
            AuditActor.From(context),
            new AuditTarget(AuditTarget.EvidenceBundle, $"{set.Kind}/{set.SubjectId}"),
            null,
            new
            {
                subject = new { kind = set.Kind, id = set.SubjectId },
                file = fileName,
                manifestSha256,
                keyFingerprint = key.Fingerprint,
                from = set.From,
                to = set.To,
                orders = set.Deliveries.Select(d => d.Delivery.OrderId).ToList(),
                boxes = set.Boxes.Select(b => b.BoxId).ToList(),
            },
            served.Platform,
            served.Region)).ConfigureAwait(false);
        Bundles.Add(1);
        EvidenceLog.BundleBuilt(logger, fileName, set.GeneratedFor, files.Count + 2, key.Fingerprint);
        return TypedResults.File(zip, "application/zip", fileName);
    }

    private static EvidenceSubject SubjectOf(DeliveryEvidence delivery) =>
        new(EvidenceSubject.Delivery, delivery.Delivery.OrderId, delivery.Platform, delivery.MerchantRegion);

    private static string? WindowProblem(DateTimeOffset? from, DateTimeOffset? to, EvidenceOptions options) =>
        from is null || to is null ? "from and to are required (ISO-8601 times)"
        : from > to ? "from must not be after to"
        : to - from > TimeSpan.FromDays(options.MaxWindowDays) ? $"the window may span at most {options.MaxWindowDays} days (Evidence:MaxWindowDays)"
        : null;

    private static BadRequest<string> Refuse(ILogger logger, string reason)
    {
        Refusals.Add(1);
        EvidenceLog.Refused(logger, reason);
        return TypedResults.BadRequest(reason);
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
