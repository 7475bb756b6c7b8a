using Fleet.Dashboard;
using Fleet.Server.Access;
using Fleet.Server.Alerts;
using Fleet.Server.Audit;
using Fleet.Server.Backup;
using Fleet.Server.Boxes;
using Fleet.Server.Couriers;
using Fleet.Server.Deliveries;
using Fleet.Server.Demo;
using Fleet.Server.Devices;
using Fleet.Server.Evidence;
using Fleet.Server.Health;
using Fleet.Server.Ingestion;
using Fleet.Server.Live;
using Fleet.Server.Platform;
using Fleet.Server.Regulator;
using Fleet.Server.Rules;
using Fleet.Server.Settings;
using Fleet.Server.Storage;
using Fleet.Server.Verdicts;

if (AccessCommands.IsAccessCommand(args))
{
    // users … / tokens …: administer people and API tokens without starting the web host.
    Environment.ExitCode = await AccessCommands.RunAsync(args, Console.In, Console.Out, Console.Error);
    return;
}

if (DevicesCommand.Matches(args))
{
    // devices provision …: issue boxes' MQTT secrets without starting the web host.
    Environment.ExitCode = DevicesCommand.Run(args, Console.Out, Console.Error);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOpenApi();
builder.AddPlatform();
builder.AddStorage();
builder.AddAccess();
builder.AddAudit();
builder.AddBoxes();
builder.AddBoxProfiles();
builder.AddCouriers();
builder.AddDeliveries();
builder.AddVerdicts();
builder.AddDevices();
builder.AddIngestion();
builder.AddRules();
builder.AddSettings();
builder.AddAlerts();
builder.AddLive();
builder.AddEvidence();
builder.AddRegulator();
builder.Services.AddFleetDashboard();
builder.AddDemoFleet(args);

var app = builder.Build();
app.UseAccess();
app.MapAccessApi();
app.MapBoxesApi();
app.MapBoxProfilesApi();
app.MapCouriersApi();
app.MapDeliveriesApi();
app.MapVerdictsApi();
app.MapAlertsApi();
app.MapIngestionApi();
app.MapDevicesApi();
app.MapLive();
app.MapHealth();
app.MapBackupApi();
app.MapAuditApi();
app.MapEvidenceApi();
app.MapRegulatorApi();
app.MapSettingsApi();
app.MapOpenApi();
app.MapFleetDashboard();
app.Run();

/// <summary>The entry point; public so tests can start the real server.</summary>
public partial class Program;
