using System.Globalization;
using Fleet.Server.Audit;
using Fleet.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Backup;

public static class BackupExtensions
{
    /// <summary>
    /// POST /api/admin/backup: a consistent copy of fleet.db taken while the server runs, and of the
    /// InfluxDB store's spool (influx-spool.db: its dedupe ledger and the records not yet in InfluxDB)
    /// when there is one.
    /// </summary>
    public static WebApplication MapBackupApi(this WebApplication app)
    {
        app.MapPost("/api/admin/backup", async Task<Results<Ok<BackupResult>, BadRequest<string>>> (string? file, FleetDatabase database, TimeProvider time, AuditTrail audit, HttpContext context) =>
            {
                var directory = Path.Combine(Path.GetDirectoryName(database.FilePath)!, "backups");
                var target = file ?? Path.Combine(directory, "fleet-" + time.GetUtcNow().ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + ".db");
                if (!Path.IsPathFullyQualified(target) || File.Exists(target))
                {
                    return TypedResults.BadRequest("file must be an absolute path that does not exist yet");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using (var connection = database.Open())
                {
                    CopyInto(connection, target);
                }

                // The spool after fleet.db: whatever fleet.db's copy holds, the spool's copy holds too.
                string? spoolCopy = null;
                var spool = Path.Combine(Path.GetDirectoryName(database.FilePath)!, "influx-spool.db");
                if (File.Exists(spool))
                {
                    spoolCopy = Path.Combine(Path.GetDirectoryName(target)!, Path.GetFileNameWithoutExtension(target) + "-influx-spool.db");
                    using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = spool, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                    connection.Open();
                    CopyInto(connection, spoolCopy);
                }

                var result = new BackupResult(target, new FileInfo(target).Length, time.GetUtcNow(), spoolCopy);
                await audit.RecordAsync(AuditEntry.Change(AuditActions.ExportCreated, AuditActor.From(context), new AuditTarget(AuditTarget.Backup, target), null, result)).ConfigureAwait(false);
                return TypedResults.Ok(result);
            })
            .WithName("BackupDatabase")
            .WithSummary("Writes a consistent copy of the SQLite store (fleet.db) while the server runs")
            .WithDescription("Optional ?file= names an absolute path that must not exist; by default the copy goes to {DataDirectory}/backups/fleet-{utc time}.db, and with the InfluxDB store the spool's copy beside it as …-influx-spool.db. Restore: stop the server, replace fleet.db (and influx-spool.db) with the copies (delete their -wal and -shm files), start it. See docs/operations.md.")
            .WithTags("Admin")
            .RequireAuthorization(Access.AccessExtensions.AdminPolicy);
        return app;
    }

    /// <summary>
    /// VACUUM INTO reads one snapshot (a WAL read transaction), so writers keep committing meanwhile
    /// and the copy is a single consistent point in time, already compacted.
    /// </summary>
    private static void CopyInto(SqliteConnection connection, string target)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $target;";
        command.Parameters.AddWithValue("$target", target);
        command.ExecuteNonQuery();
    }
}

/// <summary>Where the backup went, how big it is, its point in time, and where the InfluxDB spool's copy went (when the store is InfluxDB).</summary>
public sealed record BackupResult(string File, long Bytes, DateTimeOffset TakenAt, string? InfluxSpoolFile = null);
