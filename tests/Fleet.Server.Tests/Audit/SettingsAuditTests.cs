using Fleet.Server.Audit;
using Fleet.Server.Tests.Infrastructure;
using static Fleet.Server.Tests.Audit.Support.AuditApi;

namespace Fleet.Server.Tests.Audit;

public sealed class SettingsAuditTests
{
    private static async Task<IReadOnlyList<StoredAuditEntry>> SettingsEntriesAsync(FleetServer server) =>
        (await server.GetRequiredService<AuditTrail>().QueryAsync(
            new AuditQuery(Action: AuditActions.ConfigChanged, TargetKind: "settings", TargetId: "server"), AuditScope.Admin, TestContext.Current.CancellationToken)).Entries;

    [Fact]
    public async Task ASettingChangedBetweenRestartsIsRecordedWithItsEarlierValueAndAnUnchangedRestartRecordsNothing()
    {
        var directory = FleetServer.NewDataDirectory();
        try
        {
            await using (var first = await FleetServer.StartAsync(directory))
            {
                var initial = Assert.Single(await SettingsEntriesAsync(first));
                Assert.Null(initial.Before);
                Assert.Equal("6", Field(initial.After, "deliveries", "retentionMonths"));
                Assert.Equal(AuditActor.SystemName, initial.Actor);
            }

            await using (var changed = await FleetServer.StartAsync(directory, "--Deliveries:RetentionMonths=12", "--Rules:Chilled:MaxCelsius=7"))
            {
                var entries = await SettingsEntriesAsync(changed);
                Assert.Equal(2, entries.Count);
                Assert.Equal(("6", "12"), (Field(entries[0].Before, "deliveries", "retentionMonths"), Field(entries[0].After, "deliveries", "retentionMonths")));
                Assert.Equal(("8", "7"), (Field(entries[0].Before, "rules", "chilled", "maxCelsius"), Field(entries[0].After, "rules", "chilled", "maxCelsius")));
            }

            await using var again = await FleetServer.StartAsync(directory, "--Deliveries:RetentionMonths=12", "--Rules:Chilled:MaxCelsius=7");
            Assert.Equal(2, (await SettingsEntriesAsync(again)).Count);
            Assert.True((await again.GetRequiredService<AuditTrail>().VerifyAsync(TestContext.Current.CancellationToken)).Intact);
        }
        finally
        {
            FleetServer.TryDelete(directory);
        }
    }
}
