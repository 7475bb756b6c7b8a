using System.Globalization;
using Fleet.Server.Alerts;
using PdfSharp.Pdf;

namespace Fleet.Server.Evidence;

/// <summary>
/// The bundle's PDF: what the evidence covers, each delivery with its verdict, each box with its
/// device details, temperature chart and thresholds, the alerts with their lifecycle, the gaps and
/// the chain's verification. A violation report (R9) opens with its addressee and the alert.
/// </summary>
public static class EvidenceReport
{
    public static byte[] Render(EvidenceSet set, string keyFingerprint, ViolationAddressee? addressee = null, Alert? violation = null)
    {
        EvidenceFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = (addressee is null ? "Cold-chain evidence: " : "Violation report: ") + set.Title;
        document.Info.Author = "Fleet";
        using (var pdf = new PdfLayout(document))
        {
            if (addressee is not null && violation is not null)
            {
                Violation(pdf, set, addressee, violation);
            }
            else
            {
                pdf.Title("Cold-chain evidence report");
                pdf.Line(set.Title);
            }

            pdf.Line($"Window: {Time(set.From)} to {Time(set.To)} (UTC).");
            pdf.Line($"Generated {Time(set.GeneratedAt)} UTC{(set.GeneratedFor is null ? "" : " for " + set.GeneratedFor)}.");
            pdf.Line($"Signed with the Fleet evidence key, SHA-256 fingerprint {keyFingerprint}. Verify the bundle as docs/evidence.md describes: sha256sum -c manifest.sha256 and openssl dgst -sha256 -verify.");
            Deliveries(pdf, set);
            foreach (var box in set.Boxes)
            {
                Box(pdf, set, box);
            }

            Alerts(pdf, set.Alerts);
            Gaps(pdf, set);
            pdf.Heading("Rules in force");
            pdf.Line($"Chilled: at most {set.Rules.Chilled.MaxCelsius} °C, grace {set.Rules.Chilled.GraceMinutes} min. Frozen: at most {set.Rules.Frozen.MaxCelsius} °C (at once above {set.Rules.Frozen.InstantMaxCelsius} °C), grace {set.Rules.Frozen.GraceMinutes} min. Hot: at least {set.Rules.Hot.MinCelsius} °C, grace {set.Rules.Hot.GraceMinutes} min.");
            pdf.Line($"Processing to hand-over: {set.Verdicts.DangerZoneHours} h between 8 and 60 °C, {set.Verdicts.HotHeldHours} h hot-held. Evidence gap: no reading for {set.Verdicts.GapIntervals} intervals. Lid open: {set.Watch.LidOpenSeconds} s. The full configuration is in rules.json.");
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Violation(PdfLayout pdf, EvidenceSet set, ViolationAddressee addressee, Alert alert)
    {
        pdf.Title("Report of a food-safety violation in online food delivery");
        pdf.Line($"To: {addressee.Department}{(addressee.RegionCode is null ? "" : $" (region code {addressee.RegionCode})")}");
        pdf.Line($"Concerning: merchant {addressee.Merchant}; {set.Title}.");
        pdf.Line("Under the Measures for the Supervision of Food Safety of Online Catering Services (art. 16) the platform stops the violation and reports it to the county-level market-supervision department of the place where it occurred. The evidence below is attached as a signed bundle.");
        pdf.Heading("The violation");
        pdf.Line($"Rule {alert.Rule}, severity {alert.Severity}, box {alert.BoxId}{(alert.Channel is null ? "" : ", compartment " + alert.Channel)}.");
        pdf.Line($"Raised {Time(alert.RaisedAtMs)} UTC (device time){(alert.Late ? ", late: raised from replayed readings" : "")}; {alert.Message}");
        pdf.Line(Lifecycle(alert));
    }

    private static void Deliveries(PdfLayout pdf, EvidenceSet set)
    {
        if (set.Deliveries.Count == 0)
        {
            return;
        }

        pdf.Heading($"Deliveries ({set.Deliveries.Count})");
        foreach (var (delivery, verdict, platform, region) in set.Deliveries)
        {
            pdf.Line($"Order {delivery.OrderId}: merchant {delivery.Merchant}{(region is null ? "" : $" (region {region})")}{(platform is null ? "" : $", platform {platform}")}; items {string.Join(", ", delivery.Items.Select(i => $"{i.Name} ({i.Category})"))}.");
            pdf.Line($"Ordered {Time(delivery.OrderedAt)}, processed {Time(delivery.ProcessedAt)}, promised {Time(delivery.PromisedAt)}, picked up {Time(delivery.PickedUpAt)}, handed over {Time(delivery.HandedOverAt)}; courier {delivery.CourierId ?? "-"}, box {delivery.BoxId ?? "-"}.");
            pdf.Line(verdict is null
                ? "Verdict: none yet (not handed over)."
                : $"Verdict: {(verdict.Compliant ? "compliant" : "NOT compliant: " + string.Join("; ", verdict.Reasons))} (revision {verdict.Revision}, processing to hand-over {verdict.ProcessingToHandOverMinutes:0.#} min).");
        }
    }

    private static void Box(PdfLayout pdf, EvidenceSet set, BoxEvidence box)
    {
        pdf.Heading($"Box {box.BoxId}");
        var device = box.Device;
        pdf.Line($"Firmware {device?.Firmware ?? "unknown"}, sampling every {device?.IntervalSeconds?.ToString(CultureInfo.InvariantCulture) ?? "?"} s, last heard {Time(device?.LastSeenMs)} UTC, registered {Time(device?.RegisteredAtMs)} UTC.");
        if (box.Profile is { } profile)
        {
            pdf.Line($"In service since {profile.InService:yyyy-MM-dd}; compartments {string.Join(", ", profile.Compartments.Select(c => $"{c.Channel} {c.Capability}"))}.");
        }

        foreach (var calibration in box.Calibrations)
        {
            pdf.Line($"Calibration of {calibration.Channel}: {calibration.CalibratedOn:yyyy-MM-dd}, due {calibration.DueOn:yyyy-MM-dd}.");
        }

        foreach (var channel in box.Records.Readings.GroupBy(r => r.Reading.Channel, StringComparer.Ordinal))
        {
            pdf.Line(string.Create(CultureInfo.InvariantCulture,
                $"{channel.Key}: {channel.Count()} readings, min {channel.Min(r => r.Reading.Value):0.0} °C, max {channel.Max(r => r.Reading.Value):0.0} °C."));
        }

        if (box.Records.Readings.Count > 0)
        {
            pdf.Image(EvidenceChart.Render(box, set.Rules));
        }
        else
        {
            pdf.Line("No readings stored in the window.");
        }

        pdf.Line($"Events in the window: {box.Records.Events.Count}. Chain links holding these records: {box.Links.Count}{(box.Links.Count == 0 ? "" : $" (links {box.Links[0].Seq} to {box.Links[^1].Seq})")}; the box's chain head is link {box.Head.Seq}, hash {box.Head.Hash}.");
        pdf.Line(box.Verification switch
        {
            null => "Hash chain: no links in the window.",
            { Intact: true } v => $"Hash chain: links {v.FromSeq} to {v.ToSeq} recomputed from the stored records and intact ({v.RecordsChecked} records).",
            var v => $"Hash chain: BROKEN at link {v.BrokenSeq}: {v.Problem}",
        });
    }

    private static void Alerts(PdfLayout pdf, IReadOnlyList<Alert> alerts)
    {
        pdf.Heading($"Alerts ({alerts.Count})");
        foreach (var alert in alerts)
        {
            pdf.Line($"#{alert.Id} {alert.Rule} ({alert.Severity}), box {alert.BoxId}{(alert.Channel is null ? "" : " " + alert.Channel)}: raised {Time(alert.RaisedAtMs)}; {alert.Message}");
            pdf.Line("    " + Lifecycle(alert));
        }
    }

    private static void Gaps(PdfLayout pdf, EvidenceSet set)
    {
        var gaps = set.Boxes.SelectMany(b => b.Gaps).ToList();
        pdf.Heading($"Evidence gaps ({gaps.Count})");
        if (gaps.Count == 0)
        {
            pdf.Line("None: every compartment reported within the allowed interval and every chain link verified.");
        }

        foreach (var gap in gaps)
        {
            pdf.Line($"Box {gap.BoxId} {gap.Channel}: {Time(gap.From)} to {Time(gap.To)} ({gap.Minutes} min): {gap.Reason}.");
        }
    }

    private static string Lifecycle(Alert alert)
    {
        var acknowledged = alert.AcknowledgedAtMs is { } at ? $"acknowledged {Time(at)} by {alert.AcknowledgedBy} ({alert.AcknowledgeNote})" : "not acknowledged";
        var escalated = alert.EscalatedAtMs is { } e ? $", escalated {Time(e)}" : "";
        var resolved = alert.ResolvedAtMs is { } r ? $"resolved {Time(r)}{(alert.ResolvedBy is null ? " (condition cleared)" : $" by {alert.ResolvedBy} ({alert.ResolutionNote})")}" : "unresolved";
        return $"State {alert.State}: {acknowledged}{escalated}; {resolved}.";
    }

    private static string Time(long? ms) => ms is { } value ? Time(DateTimeOffset.FromUnixTimeMilliseconds(value)) : "-";

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
