using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Dashboard;

/// <summary>How the server hosts the dashboard: one call to add it, one to map it.</summary>
public static class FleetDashboardExtensions
{
    /// <summary>
    /// Adds the dashboard's components with interactive server rendering. The host registers
    /// <see cref="Data.IFleetFeed"/>; a <see cref="TimeProvider"/> falls back to the system clock.
    /// The circuits' options can be set under <c>Dashboard:Circuit</c>, such as
    /// <c>DisconnectedCircuitRetentionPeriod</c>: how long a page whose connection dropped keeps its
    /// state on the server (3 minutes by default; after it the page reloads when it reconnects).
    /// </summary>
    public static IServiceCollection AddFleetDashboard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddOptions<CircuitOptions>().BindConfiguration("Dashboard:Circuit");
        services.AddCascadingAuthenticationState();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Maps the dashboard at the site root ("/" and "/alerts") with its static assets
    /// (served under "_content/Fleet.Dashboard/" and "_framework/"). The host must not call
    /// MapStaticAssets() itself as well: the same endpoints twice are ambiguous.
    /// </summary>
    public static WebApplication MapFleetDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            // Run from a build output (dotnet run outside Development), the dashboard's CSS and JS
            // still live in its project folder and the package cache; the host only maps them in
            // Development, and otherwise answers 200 with an empty body. This finds them there.
            // After dotnet publish they sit in wwwroot, there is no such manifest, and it does nothing.
            StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, app.Configuration);
        }

        app.UseAntiforgery();
        // The sign-in page needs its stylesheet before anyone has signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
