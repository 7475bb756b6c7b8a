using System.Net.Http.Json;
using Fleet.Firmware.Protocol;
using Fleet.Server.Backup;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Faults;

public sealed class BackupRestoreTests
{
    [Fact]
    public async Task ABackupTakenUnderLoadRestoresIntoAFreshServerWithEveryReadingItHeld()
    {
        // Two hours back: the load below reaches 4,000 s past the start, and readings ahead of the
        // server's clock would be stored yet left out of the API's default window (up to now).
        var start = Senml.NowSeconds() - 7200;
        await using var source = await FleetServer.StartAsync();
        await using var box = await TestBox.ConnectAsync(source, "BX-BACKUP");
        for (var pack = 0; pack < 20; pack++)
        {
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, [.. Enumerable.Range(0, 10).Select(i => ("c1", (double)(pack * 10 + i), 4.0))]));
        }

        // Load keeps coming while the backup is taken.
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            for (var pack = 20; !stop.IsCancellationRequested && pack < 400; pack++)
            {
                await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, [.. Enumerable.Range(0, 5).Select(i => ("c1", (double)(pack * 10 + i), 4.0))]));
            }
        }, TestContext.Current.CancellationToken);
        var file = Path.Combine(FleetServer.NewDataDirectory(), "copy.db");
        using var response = await source.Http.PostAsync($"/api/admin/backup?file={Uri.EscapeDataString(file)}", null, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await load;
        var backup = await response.Content.ReadFromJsonAsync<BackupResult>(TestContext.Current.CancellationToken);

        var restoredDirectory = Path.GetDirectoryName(file)!;
        File.Move(file, Path.Combine(restoredDirectory, "fleet.db"));
        var inBackup = CountReadings(Path.Combine(restoredDirectory, "fleet.db"));
        await using var restored = await FleetServer.StartAsync(restoredDirectory);

        Assert.Equal(file, backup!.File);
        Assert.InRange(inBackup, 200, await source.ReadingCountAsync(box.BoxId, "c1"));
        Assert.Equal(inBackup, await restored.ReadingCountAsync(box.BoxId, "c1"));
        Assert.NotNull(await restored.BoxAsync(box.BoxId));
        FleetServer.TryDelete(restoredDirectory);
    }

    private static long CountReadings(string databaseFile)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databaseFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM readings WHERE box_id = 'BX-BACKUP';";
        return (long)command.ExecuteScalar()!;
    }
}
