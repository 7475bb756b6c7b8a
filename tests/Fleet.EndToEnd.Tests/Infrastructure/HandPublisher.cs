namespace Fleet.EndToEnd.Tests.Infrastructure;

/// <summary>A box reporting by hand with the real mosquitto_pub, for the browser tests.</summary>
public static class HandPublisher
{
    /// <summary>
    /// A status declaring c1 chilled and c2 frozen, then one reading a minute for the last
    /// <paramref name="minutes"/> minutes: c1 at <paramref name="c1"/>, c2 at -20 °C.
    /// </summary>
    public static async Task PublishAsync(FleetServer server, string boxId, double c1, int minutes, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var status = $$"""{"v":1,"state":"online","fw":"1.0.0","t":{{now}},"interval":60,"compartments":[{"n":"c1","kind":"chilled"},{"n":"c2","kind":"frozen"}]}""";
        var records = Enumerable.Range(0, minutes + 1).SelectMany(m => new[]
        {
            FormattableString.Invariant($$"""{"n":"c1","t":{{m * 60}},"v":{{c1}}}"""),
            FormattableString.Invariant($$"""{"n":"c2","t":{{m * 60}},"v":-20}"""),
        });
        var telemetry = $$"""[{"bn":"{{boxId}}:","bt":{{now - (minutes * 60)}},"bu":"Cel",{{string.Join(",", records)[1..]}}]""";
        var secret = new Dictionary<string, string> { ["BOX_SECRET"] = server.ProvisionBox(boxId) };
        foreach (var (kind, payload) in new[] { ("status", status), ("telemetry", telemetry) })
        {
            await Shell.RunAsync($"mosquitto_pub -h 127.0.0.1 -p {server.MqttPort} -i {boxId} -u {boxId} -P \"$BOX_SECRET\" -q 1 -t fleet/v1/boxes/{boxId}/{kind} -m '{payload}'", secret, cancellationToken);
        }
    }
}
