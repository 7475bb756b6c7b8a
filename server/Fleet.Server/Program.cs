using Fleet.Dashboard;
using Fleet.Server.Alerts;
using Fleet.Server.Backup;
using Fleet.Server.Boxes;
using Fleet.Server.Couriers;
using Fleet.Server.Deliveries;
using Fleet.Server.Demo;
using Fleet.Server.Evidence;
using Fleet.Server.Health;
using Fleet.Server.Ingestion;
using Fleet.Server.Live;
using Fleet.Server.Platform;
using Fleet.Server.Rules;
using Fleet.Server.Storage;
using Fleet.Server.Verdicts;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOpenApi();
builder.AddPlatform();
builder.AddStorage();
builder.AddBoxes();
builder.AddBoxProfiles();
builder.AddCouriers();
builder.AddDeliveries();
builder.AddVerdicts();
builder.AddIngestion();
builder.AddRules();
builder.AddAlerts();
builder.AddLive();
builder.AddEvidence();
// Evidence branch only: a stand-in for sign-in, replaced by the access workstream at merge.
builder.AddInterimAuthentication();
builder.Services.AddFleetDashboard();
builder.AddDemoFleet(args);

var app = builder.Build();
app.MapBoxesApi();
app.MapBoxProfilesApi();
app.MapCouriersApi();
app.MapDeliveriesApi();
app.MapVerdictsApi();
app.MapAlertsApi();
app.MapIngestionApi();
app.MapLive();
app.MapHealth();
app.MapBackupApi();
app.MapEvidenceApi();
app.MapOpenApi();
app.MapFleetDashboard();
app.Run();

/// <summary>The entry point; public so tests can start the real server.</summary>
public partial class Program;
