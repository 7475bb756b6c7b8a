using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Fleet.Server.Access;

/// <summary>
/// People and machines: users and API tokens, cookie sign-in for the dashboard, bearer tokens for
/// the API, login throttling, and the policies every endpoint asks. Any endpoint not marked
/// otherwise requires a signed-in user or a valid token (the fallback policy).
/// </summary>
public static class AccessExtensions
{
    /// <summary>The scheme every request is authenticated with: a bearer token when one is sent, else the cookie.</summary>
    public const string Scheme = "Fleet";

    /// <summary>Admins only: users, tokens, backups, ingestion counters.</summary>
    public const string AdminPolicy = "fleet-admin";

    /// <summary>Admins and managers: every change to boxes, couriers, deliveries and alerts.</summary>
    public const string WritePolicy = "fleet-write";

    /// <summary>Any of the three roles: reading, within the caller's scope.</summary>
    public const string ReadPolicy = "fleet-read";

    public const string SignInPath = "/signin";

    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccessOptions>()
            .BindConfiguration(AccessOptions.Section)
            .Validate(o => o.MaxFailuresPerUser is >= 1 and <= 1000, "Access:MaxFailuresPerUser must be between 1 and 1000.")
            .Validate(o => o.MaxFailuresPerAddress is >= 1 and <= 100_000, "Access:MaxFailuresPerAddress must be between 1 and 100000.")
            .Validate(o => o.FailureWindowMinutes is > 0 and <= 24 * 60, "Access:FailureWindowMinutes must be more than 0 and at most 1440.")
            .Validate(o => o.LockoutMinutes is > 0 and <= 24 * 60, "Access:LockoutMinutes must be more than 0 and at most 1440.")
            .Validate(o => o.SessionHours is > 0 and <= 24 * 30, "Access:SessionHours must be more than 0 and at most 720.")
            .ValidateOnStart();
        builder.Services.AddAccessCore();
        builder.Services.AddSingleton<AccessMetrics>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<ScopeGuard>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, RefusalRecorder>();
        builder.Services.AddHostedService<DemoAdmin>();

        var sessionHours = builder.Configuration.GetValue($"{AccessOptions.Section}:{nameof(AccessOptions.SessionHours)}", 8.0);
        builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? ApiTokenHandler.SchemeName
                        : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddCookie(options =>
            {
                options.Cookie.Name = "fleet.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = SignInPath;
                options.AccessDeniedPath = SignInPath;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(sessionHours);
                // Machines get status codes, not a redirect to an HTML page.
                options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(FleetClaims.AdminRole))
            .AddPolicy(WritePolicy, policy => policy.RequireRole(FleetClaims.AdminRole, FleetClaims.ManagerRole))
            .AddPolicy(ReadPolicy, policy => policy.RequireRole(FleetClaims.Roles));
        return builder;
    }

    /// <summary>What the command line needs as well as the server: the user and token store and its rules.</summary>
    public static IServiceCollection AddAccessCore(this IServiceCollection services)
    {
        services.AddSingleton<UserStore>();
        services.AddSingleton<UserAdministration>();
        return services;
    }

    /// <summary>Authentication and authorization in the pipeline, before any endpoint.</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/openapi"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
