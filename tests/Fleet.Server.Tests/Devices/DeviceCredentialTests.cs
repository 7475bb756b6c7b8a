using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fleet.Firmware.Protocol;
using Fleet.Server.Devices;
using Fleet.Server.Ingestion;
using Fleet.Server.Storage;
using Fleet.Server.Tests.Audit.Support;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using MQTTnet;

namespace Fleet.Server.Tests.Devices;

/// <summary>Who may connect to the embedded broker: only a box with the current secret the server issued it.</summary>
public sealed class DeviceCredentialTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AnUnknownBoxIsRefusedAndCounted()
    {
        var reason = await DeviceConnection.RefusalAsync(_server.MqttPort, "BX-NOBODY", DeviceSecret.New());

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, reason);
        Assert.Equal(1, (await RefusalsAsync())[DeviceRefusals.UnknownDevice]);
    }

    [Fact]
    public async Task ABoxWithoutCredentialsIsRefused()
    {
        _server.ProvisionBox("BX-BARE");

        var reason = await DeviceConnection.RefusalAsync(_server.MqttPort, "BX-BARE", secret: null);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, reason);
        Assert.Equal(1, (await RefusalsAsync())[DeviceRefusals.NoCredentials]);
    }

    [Fact]
    public async Task AWrongSecretIsRefused()
    {
        _server.ProvisionBox("BX-WRONG");

        var reason = await DeviceConnection.RefusalAsync(_server.MqttPort, "BX-WRONG", DeviceSecret.New());

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, reason);
        Assert.Equal(1, (await RefusalsAsync())[DeviceRefusals.WrongSecret]);
    }

    [Fact]
    public async Task AClientIdOtherThanTheUsernameIsRefusedEvenWithThatBoxsSecret()
    {
        var victimSecret = _server.ProvisionBox("BX-VICTIM");

        var reason = await DeviceConnection.RefusalAsync(_server.MqttPort, "BX-SPOOF", victimSecret, userName: "BX-VICTIM");

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, reason);
        Assert.Equal(1, (await RefusalsAsync())[DeviceRefusals.ClientIdMismatch]);
    }

    [Fact]
    public async Task TheApiIssuesASecretOnceAndStoresOnlyItsSha256()
    {
        var issued = await IssueAsync("BX-NEW", new { platform = "meituan-sz" });

        Assert.False(issued.Rotated);
        Assert.Equal("meituan-sz", issued.Platform);
        Assert.Equal(43, issued.Secret.Length);
        var (hash, revoked) = StoredRow("BX-NEW");
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(issued.Secret)), hash);
        Assert.Null(revoked);
        Assert.DoesNotContain(issued.Secret, Encoding.Latin1.GetString(await File.ReadAllBytesAsync(_server.GetRequiredService<FleetDatabase>().FilePath, TestContext.Current.CancellationToken)), StringComparison.Ordinal);
        await using var box = await TestBox.ConnectAsync(_server.MqttPort, "BX-NEW", issued.Secret);
        Assert.True((await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, Senml.NowSeconds() - 5, ("c1", 0, 4.0)))).IsSuccess);
        Assert.Equal(1, await _server.ReadingCountAsync(box.BoxId, "c1"));
    }

    [Theory]
    [InlineData("BX-0001", "Meituan SZ")]
    [InlineData("BX-0001", "")]
    [InlineData("not a box!", "meituan-sz")]
    public async Task TheApiRefusesABadBoxIdOrPlatformWithItsReason(string boxId, string platform)
    {
        var response = await _server.Http.PostAsJsonAsync($"/api/devices/{Uri.EscapeDataString(boxId)}/credentials", new { platform }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(boxId == "BX-0001" ? "platform" : "boxId", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisioningForAPlatformRegistersTheBoxForItAndIsAuditedWithoutTheSecret()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await _server.Http.PostAsJsonAsync("/api/devices/BX-PROV/credentials", new { platform = "meituan-sz" }, ct);
        var secret = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("secret").GetString()!;

        using var manager = await _server.ClientForAsync("prov-manager", "manager", "meituan-sz");
        using var other = await _server.ClientForAsync("prov-other", "manager", "eleme-sh");
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(new Uri("/api/boxes/BX-PROV", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri("/api/boxes/BX-PROV", UriKind.Relative), ct)).StatusCode);

        var entry = await _server.Http.SingleAsync("device.credentials-changed", "device/BX-PROV");
        Assert.Equal("meituan-sz", entry.Platform);
        Assert.DoesNotContain(secret, entry.After ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.DeleteAsync(new Uri("/api/devices/BX-PROV/credentials", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(2, (await _server.Http.AuditAsync("?action=device.credentials-changed&target=device%2FBX-PROV")).Entries.Count);
    }

    [Fact]
    public async Task ARotatedSecretWorksAndTheOldOneIsRefused()
    {
        var first = await IssueAsync("BX-ROT");
        var second = await IssueAsync("BX-ROT");

        Assert.True(second.Rotated);
        Assert.NotEqual(first.Secret, second.Secret);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await DeviceConnection.RefusalAsync(_server.MqttPort, "BX-ROT", first.Secret));
        await using var box = await TestBox.ConnectAsync(_server.MqttPort, "BX-ROT", second.Secret);
        Assert.True(box.IsConnected);
    }

    [Fact]
    public async Task ARevokedSecretIsRefusedAndTheLiveSessionDropped()
    {
        var issued = await IssueAsync("BX-REVOKE");
        await using var box = await TestBox.ConnectAsync(_server.MqttPort, "BX-REVOKE", issued.Secret);

        var response = await _server.Http.DeleteAsync(new Uri("/api/devices/BX-REVOKE/credentials", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Eventually.ReturnsAsync(() => Task.FromResult(box.IsConnected), connected => !connected, "the revoked box's session to be dropped");
        Assert.Equal(MqttClientConnectResultCode.Banned, await DeviceConnection.RefusalAsync(_server.MqttPort, "BX-REVOKE", issued.Secret));
        Assert.NotNull(StoredRow("BX-REVOKE").Revoked);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.DeleteAsync(new Uri("/api/devices/BX-REVOKE/credentials", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    private async Task<IssuedSecret> IssueAsync(string boxId, object? body = null)
    {
        var response = body is null
            ? await _server.Http.PostAsync(new Uri($"/api/devices/{boxId}/credentials", UriKind.Relative), null, TestContext.Current.CancellationToken)
            : await _server.Http.PostAsJsonAsync($"/api/devices/{boxId}/credentials", body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedSecret>(TestContext.Current.CancellationToken))!;
    }

    private async Task<IReadOnlyDictionary<string, long>> RefusalsAsync() =>
        (await _server.IngestionAsync())!.DeviceRefusals!;

    private (byte[] Hash, long? Revoked) StoredRow(string boxId)
    {
        using var connection = new SqliteConnection(_server.GetRequiredService<FleetDatabase>().ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT secret_hash, revoked_at FROM device_credentials WHERE box_id = $box;";
        command.Parameters.AddWithValue("$box", boxId);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no stored credential for {boxId}");
        return ((byte[])reader.GetValue(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }
}
