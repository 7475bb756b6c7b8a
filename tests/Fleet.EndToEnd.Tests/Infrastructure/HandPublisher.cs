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

    /// <summary>
    /// The same status, then c1 at <paramref name="c1"/> and c2 at -20 °C every <paramref name="everySeconds"/>
    /// seconds over the last <paramref name="minutes"/> minutes, in packs small enough for the protocol's limits.
    /// </summary>
    public static async Task PublishDenseAsync(FleetServer server, string boxId, double c1, int minutes, int everySeconds, CancellationToken cancellationToken)
    {
        const int MomentsPerPack = 100;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var start = now - (minutes * 60);
        var secret = new Dictionary<string, string> { ["BOX_SECRET"] = server.ProvisionBox(boxId) };
        var status = $$"""{"v":1,"state":"online","fw":"1.0.0","t":{{now}},"interval":{{everySeconds}},"compartments":[{"n":"c1","kind":"chilled"},{"n":"c2","kind":"frozen"}]}""";
        await PublishOneAsync(server, boxId, "status", status, secret, cancellationToken);
        var moments = Enumerable.Range(0, (minutes * 60 / everySeconds) + 1).Select(i => start + (i * everySeconds)).ToList();
        foreach (var pack in moments.Chunk(MomentsPerPack))
        {
            var records = pack.SelectMany(t => new[]
            {
                FormattableString.Invariant($$"""{"n":"c1","t":{{t - pack[0]}},"v":{{c1}}}"""),
                FormattableString.Invariant($$"""{"n":"c2","t":{{t - pack[0]}},"v":-20}"""),
            });
            var telemetry = $$"""[{"bn":"{{boxId}}:","bt":{{pack[0]}},"bu":"Cel",{{string.Join(",", records)[1..]}}]""";
            await PublishOneAsync(server, boxId, "telemetry", telemetry, secret, cancellationToken);
        }
    }

    private static Task PublishOneAsync(FleetServer server, string boxId, string kind, string payload, Dictionary<string, string> secret, CancellationToken cancellationToken) =>
        Shell.RunAsync($"mosquitto_pub -h 127.0.0.1 -p {server.MqttPort} -i {boxId} -u {boxId} -P \"$BOX_SECRET\" -q 1 -t fleet/v1/boxes/{boxId}/{kind} -m '{payload}'", secret, cancellationToken);
}
