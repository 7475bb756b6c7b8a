namespace Fleet.Benchmarks.Load;

/// <summary>The real third-party servers of the load run's broker and store modes.</summary>
public static class Brokers
{
    /// <summary>
    /// A mosquitto on a free port, configured as docs/operations.md asks for Fleet's external-broker
    /// mode (no silent drops for a slow session), without persistence (a throwaway run) and with
    /// anonymous clients (the boxes' credentials and ACL are mosquitto's business, measured elsewhere).
    /// </summary>
    public static Task<ChildDaemon> StartMosquittoAsync(CancellationToken cancellationToken) => ChildDaemon.StartAsync(
        "/usr/sbin/mosquitto",
        "mosquitto.conf",
        (_, port) => $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            max_queued_messages 0
            max_inflight_messages 100
            max_connections -1
            log_dest none
            """,
        ["-c", "{config}"],
        cancellationToken);

    /// <summary>An influxd (1.x, v1 HTTP API) on a free port with its meta, data and WAL in a temp folder.</summary>
    public static Task<ChildDaemon> StartInfluxAsync(CancellationToken cancellationToken) => ChildDaemon.StartAsync(
        "/usr/bin/influxd",
        "influxdb.conf",
        (directory, port) => $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{ServerProcess.FreeTcpPort()}"
            [meta]
              dir = "{directory}/meta"
              logging-enabled = false
            [data]
              dir = "{directory}/data"
              wal-dir = "{directory}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [continuous_queries]
              enabled = false
            [http]
              enabled = true
              bind-address = "127.0.0.1:{port}"
              log-enabled = false
            """,
        ["run", "-config", "{config}"],
        cancellationToken);
}
