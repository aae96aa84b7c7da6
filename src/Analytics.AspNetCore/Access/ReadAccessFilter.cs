using Analytics.ApiKeys;
using Analytics.AspNetCore.Endpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Analytics.AspNetCore.Access;

/// <summary>
/// Guards the read surface. A request needs <c>Authorization: Bearer</c> with a current read key (401 without one, 403
/// for an ingest key), unless <see cref="AnalyticsOptions.AllowAnonymousReads"/> is on or the host put its own
/// authorization on the endpoint (<c>RequireAuthorization</c>, <c>AllowAnonymous</c>), which then replaces the key check.
/// A key limited to a site is left in <see cref="ReadAccess"/> for the handler, which knows the site asked about. Then
/// the rate limit: per key, per user under the host's authorization, else per client address.
/// </summary>
internal sealed class ReadAccessFilter : IEndpointFilter
{
    private readonly SurfaceKeys _keys;
    private readonly IOptionsMonitor<AnalyticsOptions> _options;

    public ReadAccessFilter(IApiKeyService keys, IOptionsMonitor<AnalyticsOptions> options, SurfaceRateLimiter limiter)
    {
        _keys = new SurfaceKeys(keys, limiter, "read");
        _options = options;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        string partition;
        if (HostAuthorizes(context))
        {
            partition = context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } user } ? "user:" + user : ClientPartition.Of(context);
        }
        else if (BearerToken.Read(context.Request) is { } token)
        {
            if (!ApiKeyText.IsWellFormed(token))
            {
                return Problems.Unauthorized(context, "The bearer token is not an API key of this service (ak_…). Create one with --create-api-key.");
            }

            var (key, refusal) = await _keys.VerifyAsync(context, token);
            if (refusal is not null)
            {
                return refusal;
            }

            if (key is null)
            {
                return Problems.Unauthorized(context, "The API key is not known here: it was revoked, or never existed.");
            }

            if (key.Scope != ApiKeyScope.Read)
            {
                return Problems.Forbidden($"The key {key.Prefix} may ingest events, not read them. Use a read key.");
            }

            if (key.Site is { } site)
            {
                context.Features.Set(new ReadAccess(site));
            }

            partition = "key:" + key.Prefix;
        }
        else if (_options.CurrentValue.AllowAnonymousReads)
        {
            partition = ClientPartition.Of(context);
        }
        else
        {
            return Problems.Unauthorized(context, "Reads need a read key: send Authorization: Bearer ak_… (create one with --create-api-key --scope read).");
        }

        return _keys.Limit(context, partition) ?? await next(invocation);
    }

    /// <summary>
    /// Whether the host attached authorization of its own to the endpoint: the authorization middleware has then already
    /// decided, and ASP.NET refuses to run such an endpoint when that middleware is missing, so this fails closed.
    /// </summary>
    internal static bool HostAuthorizes(HttpContext context) => context.GetEndpoint()?.Metadata is { } metadata
        && (metadata.GetMetadata<IAuthorizeData>() is not null
            || metadata.GetMetadata<AuthorizationPolicy>() is not null
            || metadata.GetMetadata<IAuthorizationRequirementData>() is not null
            || metadata.GetMetadata<IAllowAnonymous>() is not null);
}
