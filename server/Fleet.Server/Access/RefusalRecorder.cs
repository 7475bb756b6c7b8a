using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Fleet.Server.Access;

/// <summary>Logs and counts every request the authorization middleware refuses, then refuses it as usual.</summary>
public sealed class RefusalRecorder(AccessMetrics metrics, ILogger<RefusalRecorder> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden)
        {
            var scope = AccessScope.Of(context.User);
            metrics.Failed(AccessFailures.Forbidden);
            AccessLog.Forbidden(logger, scope.Name, scope.Role, context.Request.Method, context.Request.Path);
        }
        else if (authorizeResult.Challenged && !context.Request.Headers.Authorization.Any())
        {
            // A refused token was logged and counted by its handler; this is a request with no credentials at all.
            metrics.Failed(AccessFailures.MissingCredentials);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
