using System.Security.Claims;
using Fleet.Server.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Access;

/// <summary>The sign-in form's endpoints and the admin API for users and tokens.</summary>
public static class AccessApi
{
    public const string SignInEndpoint = "/account/signin";
    public const string SignOutEndpoint = "/account/signout";

    public static WebApplication MapAccessApi(this WebApplication app)
    {
        app.MapPost(SignInEndpoint, SignInAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(SignOutEndpoint, SignOutAsync).ExcludeFromDescription();
        app.MapGet("/api/account/me", (HttpContext context) =>
            {
                var scope = AccessScope.Of(context.User);
                return new WhoAmI(scope.Name!, scope.Role, scope.Platform, scope.Regions, context.User.FindFirst(FleetClaims.Method)?.Value);
            })
            .RequireAuthorization(AccessExtensions.ReadPolicy)
            .WithTags("Access").WithName("GetMe").WithSummary("Who the caller is and what they are scoped to");

        var admin = app.MapGroup("/api/admin").WithTags("Access").RequireAuthorization(AccessExtensions.AdminPolicy);
        admin.MapGet("/users", (UserAdministration users, CancellationToken ct) => users.ListUsersAsync(ct))
            .WithName("GetUsers").WithSummary("Every user with role and scope (never a password)");
        admin.MapPost("/users", CreateUserAsync).WithName("CreateUser")
            .WithSummary("Add a user")
            .WithDescription("Body: {\"name\", \"password\" (12+ characters), \"role\": admin|manager|regulator, \"platform\" (managers), \"regions\": [\"4403\"] (regulators)}.");
        admin.MapPut("/users/{name}", UpdateUserAsync).WithName("UpdateUser")
            .WithSummary("Change a user's role, scope or password, or disable them (\"disabled\": true)");
        admin.MapGet("/tokens", (string? user, UserAdministration users, CancellationToken ct) => users.ListTokensAsync(user, ct))
            .WithName("GetTokens").WithSummary("API tokens (never their secrets), newest first; ?user= for one user's");
        admin.MapPost("/users/{name}/tokens", CreateTokenAsync).WithName("CreateToken")
            .WithSummary("Create an API token for a user; the secret is in this response only")
            .WithDescription("Body: {\"name\": what it is for, \"expiresInDays\": optional}. Send it as Authorization: Bearer <secret>. A dispatch system uses a manager's token.");
        admin.MapDelete("/tokens/{id:long}", RevokeTokenAsync).WithName("RevokeToken").WithSummary("Revoke an API token at once");
        return app;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context,
        IAntiforgery antiforgery,
        UserAdministration users,
        LoginThrottle throttle,
        AccessMetrics metrics,
        AuditTrail audit,
        IOptions<AccessOptions> options,
        ILogger<UserAdministration> logger)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var returnUrl = LocalOrRoot(form["returnUrl"].ToString());
        if (!await IsSignInFormValidAsync(context, antiforgery).ConfigureAwait(false))
        {
            metrics.Failed(AccessFailures.FormExpired);
            AccessLog.SignInRefused(logger, form["userName"].ToString().Trim(), context.Connection.RemoteIpAddress?.ToString(), AccessFailures.FormExpired);
            return TypedResults.BadRequest("The sign-in form has expired; reload the page and sign in again.");
        }

        var userName = form["userName"].ToString().Trim();
        var password = form["password"].ToString();
        var address = context.Connection.RemoteIpAddress?.ToString();
        string? failure;
        FleetUser? user = null;
        var lockedOutNow = false;
        if (userName.Length == 0 || password.Length == 0)
        {
            failure = AccessFailures.MissingCredentials;
        }
        else if (throttle.IsLockedOut(userName, address))
        {
            failure = AccessFailures.Throttled;
        }
        else
        {
            (user, failure) = await users.VerifyPasswordAsync(userName, password, context.RequestAborted).ConfigureAwait(false);
            if (user is null)
            {
                throttle.Failed(userName, address);
                lockedOutNow = throttle.IsLockedOut(userName, address);
            }
        }

        if (user is null)
        {
            failure ??= AccessFailures.WrongPassword;
            metrics.Failed(failure);
            AccessLog.SignInRefused(logger, userName, address, failure);
            await audit.RecordAllAsync(lockedOutNow
                ? [AccessAudit.SignInRefused(userName, address, failure), AccessAudit.LockedOut(userName, address, options.Value)]
                : [AccessAudit.SignInRefused(userName, address, failure)]).ConfigureAwait(false);
            // One message for every refusal but the lockout, so the page does not tell which names exist.
            var error = failure == AccessFailures.Throttled ? "throttled" : "invalid";
            return TypedResults.Redirect($"{AccessExtensions.SignInPath}?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        throttle.Succeeded(userName);
        metrics.SignedIn();
        AccessLog.SignedIn(logger, user.Name, user.Role, address);
        await audit.RecordAsync(AccessAudit.SignedIn(user, address)).ConfigureAwait(false);
        var principal = FleetPrincipal.For(user, CookieAuthenticationDefaults.AuthenticationScheme, FleetPrincipal.PasswordMethod);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal).ConfigureAwait(false);
        return TypedResults.Redirect(returnUrl);
    }

    /// <summary>
    /// Whether the sign-in form's token pair is this browser's. The user the token was issued to does
    /// not matter here, since signing in replaces whoever is signed in: a form fetched before another tab
    /// signed in carries a token of nobody, so a signed-in caller's post is also checked as nobody's.
    /// A forged post still fails, lacking the browser's antiforgery cookie.
    /// </summary>
    private static async Task<bool> IsSignInFormValidAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return true;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var signedIn = context.User;
        context.User = new ClaimsPrincipal(new ClaimsIdentity());
        try
        {
            return await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false);
        }
        finally
        {
            context.User = signedIn;
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, ILogger<UserAdministration> logger)
    {
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return TypedResults.BadRequest("The sign-out form has expired; reload the page.");
        }

        AccessLog.SignedOut(logger, context.User.Identity?.Name);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        return TypedResults.Redirect(AccessExtensions.SignInPath);
    }

    private static async Task<Results<Created<FleetUser>, BadRequest<string>>> CreateUserAsync(
        UserRequest request, UserAdministration users, AuditTrail audit, HttpContext context, ILogger<UserAdministration> logger, CancellationToken cancellationToken)
    {
        var outcome = await users.CreateUserAsync(request, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            return TypedResults.BadRequest(outcome.Error);
        }

        await audit.RecordAsync(AccessAudit.UserChanged(AuditActor.From(context), null, outcome.Value!, passwordSet: true)).ConfigureAwait(false);
        AccessLog.Changed(logger, context.User.Identity!.Name!, $"added user {outcome.Value!.Name} ({outcome.Value.Role})");
        return TypedResults.Created($"/api/admin/users/{outcome.Value.Name}", outcome.Value);
    }

    private static async Task<Results<Ok<FleetUser>, BadRequest<string>, NotFound<string>>> UpdateUserAsync(
        string name, UserRequest request, UserAdministration users, AuditTrail audit, HttpContext context, ILogger<UserAdministration> logger, CancellationToken cancellationToken)
    {
        var before = await users.FindUserAsync(name, cancellationToken).ConfigureAwait(false);
        var outcome = await users.UpdateUserAsync(request with { Name = name }, cancellationToken).ConfigureAwait(false);
        if (outcome.NotFound)
        {
            return TypedResults.NotFound(outcome.Error);
        }

        if (!outcome.Succeeded)
        {
            return TypedResults.BadRequest(outcome.Error);
        }

        await audit.RecordAsync(AccessAudit.UserChanged(AuditActor.From(context), before, outcome.Value!, passwordSet: request.Password is not null)).ConfigureAwait(false);
        AccessLog.Changed(logger, context.User.Identity!.Name!, $"updated user {name} ({outcome.Value!.Role}{(outcome.Value.Disabled ? ", disabled" : "")})");
        return TypedResults.Ok(outcome.Value);
    }

    private static async Task<Results<Created<NewApiToken>, BadRequest<string>, NotFound<string>>> CreateTokenAsync(
        string name, TokenRequest request, UserAdministration users, AuditTrail audit, HttpContext context, ILogger<UserAdministration> logger, CancellationToken cancellationToken)
    {
        var outcome = await users.CreateTokenAsync(name, request, cancellationToken).ConfigureAwait(false);
        if (outcome.NotFound)
        {
            return TypedResults.NotFound(outcome.Error);
        }

        if (!outcome.Succeeded)
        {
            return TypedResults.BadRequest(outcome.Error);
        }

        await audit.RecordAsync(AccessAudit.TokenIssued(AuditActor.From(context), outcome.Value!.Token)).ConfigureAwait(false);
        AccessLog.Changed(logger, context.User.Identity!.Name!, $"created token {outcome.Value!.Token.Id} \"{outcome.Value.Token.Name}\" for {name}");
        return TypedResults.Created($"/api/admin/tokens/{outcome.Value.Token.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<ApiTokenInfo>, NotFound<string>>> RevokeTokenAsync(
        long id, UserAdministration users, AuditTrail audit, HttpContext context, ILogger<UserAdministration> logger, CancellationToken cancellationToken)
    {
        if (await users.RevokeTokenAsync(id, cancellationToken).ConfigureAwait(false) is not { } token)
        {
            return TypedResults.NotFound($"no token {id}");
        }

        await audit.RecordAsync(AccessAudit.TokenRevoked(AuditActor.From(context), token)).ConfigureAwait(false);
        AccessLog.Changed(logger, context.User.Identity!.Name!, $"revoked token {id} of {token.UserName}");
        return TypedResults.Ok(token);
    }

    /// <summary>Only a path on this site, so the form cannot be used to send people elsewhere.</summary>
    private static string LocalOrRoot(string returnUrl) =>
        returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}

/// <summary>The body of GET /api/account/me.</summary>
public sealed record WhoAmI(string Name, string? Role, string? Platform, IReadOnlyList<string> Regions, string? Method);
