using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// The broker and store a run uses: the server's own (embedded MQTTnet, SQLite) or real third-party
/// ones the harness starts beside it (mosquitto, influxd), with the server settings that point it at
/// them and the count of stored readings after the server stopped.
/// </summary>
public sealed class FleetParts : IAsyncDisposable
{
    private const string InfluxDatabase = "fleet";

    private FleetParts(ChildDaemon? mosquitto, ChildDaemon? influx)
    {
        Mosquitto = mosquitto;
        Influx = influx;
    }

    /// <summary>The external broker, or null for the embedded one.</summary>
    public ChildDaemon? Mosquitto { get; }

    /// <summary>The InfluxDB store, or null for SQLite.</summary>
    public ChildDaemon? Influx { get; }

    public string Description => $"store {(Influx is null ? "SQLite" : "InfluxDB (influxd " + Influx.Port + ")")}, broker {(Mosquitto is null ? "embedded MQTTnet" : "mosquitto (external-broker mode)")}";

    /// <summary>Server settings for these parts.</summary>
    public IEnumerable<string> Settings
    {
        get
        {
            if (Mosquitto is not null)
            {
                yield return "--Mqtt:Mode=External";
                yield return "--Mqtt:External:Host=127.0.0.1";
                yield return $"--Mqtt:External:Port={Mosquitto.Port}";
                yield return "--Mqtt:External:ClientId=fleet-load";
            }

            if (Influx is not null)
            {
                yield return "--Storage:TimeSeries=InfluxDb";
                yield return $"--InfluxDb:Url=http://127.0.0.1:{Influx.Port}";
                yield return $"--InfluxDb:Database={InfluxDatabase}";
            }
        }
    }

    public static async Task<FleetParts> StartAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var mosquitto = options.UsesMosquitto ? await Brokers.StartMosquittoAsync(cancellationToken) : null;
        var influx = options.UsesInflux ? await Brokers.StartInfluxAsync(cancellationToken) : null;
        return new FleetParts(mosquitto, influx);
    }

    /// <summary>The port the boxes publish to: mosquitto's, or the server's embedded broker.</summary>
    public int BrokerPort(ServerProcess server) => Mosquitto?.Port ?? server.MqttPort;

    /// <summary>
    /// Readings of boxes whose id starts with <paramref name="boxPrefix"/>, counted in the store after
    /// the server stopped: COUNT(*) on fleet.db, or an InfluxQL COUNT.
    /// </summary>
    public async Task<long> CountReadingsAsync(string dataDirectory, string boxPrefix, CancellationToken cancellationToken)
    {
        if (Influx is null)
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "fleet.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM readings WHERE box_id LIKE $prefix";
            command.Parameters.AddWithValue("$prefix", boxPrefix + "%");
            return (long)command.ExecuteScalar()!;
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Influx.Port}") };
        var query = Uri.EscapeDataString($"SELECT COUNT(\"value\") FROM \"reading\" WHERE \"box\" =~ /^{boxPrefix}/");
        var answer = await http.GetFromJsonAsync<JsonElement>($"/query?db={InfluxDatabase}&q={query}", cancellationToken);
        var result = answer.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (Mosquitto is not null)
        {
            await Mosquitto.DisposeAsync();
        }

        if (Influx is not null)
        {
            await Influx.DisposeAsync();
        }
    }
}
