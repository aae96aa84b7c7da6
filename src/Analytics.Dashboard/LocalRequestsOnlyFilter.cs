using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Analytics.Dashboard;

/// <summary>
/// Without an authorization requirement of the host's on the dashboard's endpoints, answers local (loopback) requests
/// only, as Hangfire's dashboard does, and everything else with a 403 problem that says how to open it up. Once the
/// host adds <c>.RequireAuthorization(...)</c> (or <c>.AllowAnonymous()</c>) the host's decision stands.
/// </summary>
internal sealed class LocalRequestsOnlyFilter : IEndpointFilter
{
    public const string Detail =
        "The analytics dashboard answers local requests only until the application decides who may see it. " +
        "Require a policy of your own: app.MapAnalyticsDashboard(\"/analytics\").RequireAuthorization(\"YourPolicy\"), " +
        "or open it to everyone with .AllowAnonymous(); the query API it reads keeps its own authorization. See docs/dashboard.md.";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var metadata = http.GetEndpoint()?.Metadata;
        var hostDecides = metadata is not null
            && (metadata.GetMetadata<IAuthorizeData>() is not null
                || metadata.GetMetadata<AuthorizationPolicy>() is not null
                || metadata.GetMetadata<IAllowAnonymous>() is not null);
        if (hostDecides || IsLocal(http.Connection))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "The dashboard answers local requests only",
            detail: Detail));
    }

    /// <summary>Loopback, or the connection's own address (a request from this machine); no address is not local.</summary>
    internal static bool IsLocal(ConnectionInfo connection)
    {
        var remote = connection.RemoteIpAddress;
        if (remote is null)
        {
            return false;
        }

        return IPAddress.IsLoopback(remote) || (connection.LocalIpAddress is { } local && remote.Equals(local));
    }
}
