using System.Net;
using Fleet.Server.Access;
using Fleet.Server.Audit;
using Fleet.Server.Tests.Audit.Support;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Tests.Audit;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private AuditedServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await AuditedServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private AuditTrail Trail => _server.Server.GetRequiredService<AuditTrail>();

    private async Task<List<StoredAuditEntry>> RecordAsync(int count)
    {
        var recorded = new List<StoredAuditEntry>();
        for (var i = 0; i < count; i++)
        {
            recorded.Add(await Trail.RecordAsync(AuditEntry.ConfigChanged(
                new AuditActor("ada", "admin", "10.0.0.7"), new AuditTarget(AuditTarget.Courier, $"C-{i}"), new { name = "before" }, new { name = $"after {i}" })));
        }

        return recorded;
    }

    /// <summary>What someone with the database file and the sqlite3 tool can do.</summary>
    private SqliteConnection OpenFile()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_server.Server.DataDirectory, "fleet.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private void Execute(string sql)
    {
        using var connection = OpenFile();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void DropTriggers() => Execute("DROP TRIGGER audit_trail_no_update; DROP TRIGGER audit_trail_no_delete;");

    [Fact]
    public async Task EachEntryCarriesThePreviousEntrysHashAndTheTrailVerifiesIntact()
    {
        var recorded = await RecordAsync(3);

        Assert.Equal([recorded[0].Sequence + 1, recorded[0].Sequence + 2], [recorded[1].Sequence, recorded[2].Sequence]);
        Assert.Equal(recorded[0].Hash, recorded[1].PreviousHash);
        Assert.Equal(recorded[1].Hash, recorded[2].PreviousHash);
        Assert.All(recorded, e => Assert.Equal(AuditCanonicalForm.Hash(e), e.Hash));
        var verification = await _server.Admin.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.True(verification.Protected);
        Assert.Equal((recorded[2].Sequence, recorded[2].Hash), (verification.HeadSequence, verification.HeadHash));
    }

    [Fact]
    public void TheCanonicalFormIsLengthPrefixedFieldsInAFixedOrder()
    {
        var entry = new StoredAuditEntry(7, 1_700_000_000_000, "ada", "admin", null, "alert.acknowledged", "alert", "42", null, "440305",
            """{"state":"open"}""", null, AuditCanonicalForm.GenesisHash, "");

        var text = System.Text.Encoding.UTF8.GetString(AuditCanonicalForm.Serialise(entry));

        Assert.Equal(
            "14:fleet-audit-v1,1:7,13:1700000000000,3:ada,5:admin,~,18:alert.acknowledged,5:alert,2:42,~,6:440305,16:{\"state\":\"open\"},~,64:" + AuditCanonicalForm.GenesisHash + ",",
            text);
    }

    [Fact]
    public async Task AnUpdateOrADeleteThroughSqliteIsRefusedByTheDatabase()
    {
        var recorded = await RecordAsync(2);

        var update = Assert.Throws<SqliteException>(() => Execute($"UPDATE audit_trail SET actor = 'mallory' WHERE seq = {recorded[0].Sequence};"));
        var delete = Assert.Throws<SqliteException>(() => Execute($"DELETE FROM audit_trail WHERE seq = {recorded[1].Sequence};"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.True((await _server.Admin.VerifyAuditAsync()).Intact);
    }

    [Fact]
    public async Task AnEntryChangedWithRawSqlAfterDroppingTheTriggersFailsVerificationNamingIt()
    {
        var recorded = await RecordAsync(5);
        DropTriggers();

        Execute($"UPDATE audit_trail SET after = '{{\"name\":\"forged\"}}' WHERE seq = {recorded[2].Sequence};");

        var verification = await _server.Admin.VerifyAuditAsync();
        Assert.False(verification.Intact);
        Assert.Equal(recorded[2].Sequence, verification.FirstBrokenSequence);
        Assert.Contains("does not match its hash", verification.Problem, StringComparison.Ordinal);
        Assert.False(verification.Protected);
    }

    [Fact]
    public async Task AnEntryChangedTogetherWithItsOwnHashBreaksTheLinkOfTheNextEntry()
    {
        var recorded = await RecordAsync(5);
        DropTriggers();
        var forged = recorded[2] with { Actor = "mallory" };
        forged = forged with { Hash = AuditCanonicalForm.Hash(forged) };

        Execute($"UPDATE audit_trail SET actor = 'mallory', hash = '{forged.Hash}' WHERE seq = {forged.Sequence};");

        var verification = await _server.Admin.VerifyAuditAsync();
        Assert.False(verification.Intact);
        Assert.Equal(recorded[3].Sequence, verification.FirstBrokenSequence);
        Assert.Contains($"hash of entry {recorded[2].Sequence}", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeletedEntryIsDetected()
    {
        var recorded = await RecordAsync(5);
        DropTriggers();

        Execute($"DELETE FROM audit_trail WHERE seq = {recorded[2].Sequence};");

        var verification = await _server.Admin.VerifyAuditAsync();
        Assert.False(verification.Intact);
        Assert.Equal(recorded[3].Sequence, verification.FirstBrokenSequence);
        Assert.Contains($"entry {recorded[2].Sequence} is missing", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntriesCutOffTheEndAreDetected()
    {
        var recorded = await RecordAsync(4);
        DropTriggers();

        Execute($"DELETE FROM audit_trail WHERE seq >= {recorded[2].Sequence};");

        var verification = await _server.Admin.VerifyAuditAsync();
        Assert.False(verification.Intact);
        Assert.Equal(recorded[2].Sequence, verification.FirstBrokenSequence);
        Assert.Contains("end of the trail was deleted", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntriesRecordedConcurrentlyFormOneUnbrokenChain()
    {
        var before = (await _server.Admin.VerifyAuditAsync()).Entries;

        var recorded = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Trail.RecordAsync(
            AuditEntry.Change(AuditActions.ExportCreated, AuditActor.System, new AuditTarget(AuditTarget.Backup, $"b-{i}"), null, new { i })))));

        Assert.Equal(40, recorded.Select(e => e.Sequence).Distinct().Count());
        var verification = await _server.Admin.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(before + 40, verification.Entries);
    }

    [Fact]
    public async Task OnlyAdminsAndRegulatorsWithARegionMayVerify()
    {
        var manager = await _server.ManagerAsync("meng");
        var regulator = await _server.RegulatorAsync("rui", "4403");

        // A regulator without a region cannot exist: access refuses to create one.
        var regionless = await _server.Server.GetRequiredService<UserAdministration>().CreateUserAsync(
            new UserRequest("rui-nowhere", "long enough password", FleetClaims.RegulatorRole, null, null), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync(new Uri("/api/audit/verify", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.False(regionless.Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await regulator.GetAsync(new Uri("/api/audit/verify", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync(new Uri("/api/audit/verify", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task TheDocumentedPythonVerifierAgreesWithTheServerOnAnIntactAndATamperedTrail()
    {
        var trail = Trail;
        await trail.RecordAsync(AuditEntry.ConfigChanged(new AuditActor("李伟", "manager", "::1"), new AuditTarget(AuditTarget.BoxProfile, "BX-1"),
            new { note = "冷藏 ≤ 8 °C" }, new { note = "line\nbreak, comma: colon" }, "meituan-sz", "440305"));
        var recorded = await RecordAsync(3);
        var file = Path.Combine(_server.Server.DataDirectory, "fleet.db");

        var intact = await PythonVerifier.RunAsync(file);
        DropTriggers();
        Execute($"UPDATE audit_trail SET before = NULL WHERE seq = {recorded[1].Sequence};");
        var tampered = await PythonVerifier.RunAsync(file);

        Assert.Equal(0, intact.ExitCode);
        Assert.StartsWith("intact:", intact.Output, StringComparison.Ordinal);
        Assert.Contains(recorded[2].Hash, intact.Output, StringComparison.Ordinal);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains($"broken at entry {recorded[1].Sequence}", tampered.Output, StringComparison.Ordinal);
        Assert.Equal(recorded[1].Sequence, (await _server.Admin.VerifyAuditAsync()).FirstBrokenSequence);
        Assert.Contains("冷藏 ≤ 8 °C", (await _server.Admin.AuditAsync("?target=box-profile/BX-1")).Entries[0].Before, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInsAreRecordedWithWhoFromWhereAndAFailureWithItsReasonAsAnonymous()
    {
        var succeeded = await Trail.RecordAsync(AuditEntry.SignInSucceeded(new AuditActor("rui", "regulator", "10.1.2.3"), "password"));
        var failed = await Trail.RecordAsync(AuditEntry.SignInFailed("10.9.9.9", "rui", "wrong password"));

        var entries = (await _server.Admin.AuditAsync("?target=user/rui")).Entries;

        Assert.Equal([failed.Sequence, succeeded.Sequence], entries.Select(e => e.Sequence));
        Assert.Equal((AuditActions.SignInFailed, AuditActor.AnonymousName, "10.9.9.9"), (entries[0].Action, entries[0].Actor, entries[0].ClientAddress));
        Assert.Equal("wrong password", AuditApi.Field(entries[0].After, "reason"));
        Assert.Equal((AuditActions.SignInSucceeded, "rui", "regulator"), (entries[1].Action, entries[1].Actor, entries[1].ActorRole));
        Assert.Equal("password", AuditApi.Field(entries[1].After, "method"));
    }
}
