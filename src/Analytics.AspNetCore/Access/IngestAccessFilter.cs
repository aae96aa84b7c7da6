using Analytics.ApiKeys;
using Analytics.AspNetCore.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Analytics.AspNetCore.Access;

/// <summary>
/// Guards the ingest surface, which stays open to browsers. A request with <c>Authorization: Bearer ak_…</c> must carry a
/// current key (401 otherwise); with an ingest key its body's <c>ip_address</c> and <c>user_agent</c> are then
/// honoured. Without a key they are honoured only while <see cref="AnalyticsOptions.AcceptClientFieldsWithoutKey"/> is
/// on, and a read key counts as none. A bearer token that is not of our form (a host's own token that its front end attaches everywhere) is ignored.
/// Then the rate limit: per ingest key, else per client address.
/// </summary>
internal sealed class IngestAccessFilter : IEndpointFilter
{
    private readonly SurfaceKeys _keys;
    private readonly IOptionsMonitor<AnalyticsOptions> _options;

    public IngestAccessFilter(IApiKeyService keys, IOptionsMonitor<AnalyticsOptions> options, SurfaceRateLimiter limiter)
    {
        _keys = new SurfaceKeys(keys, limiter, "ingest");
        _options = options;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        string partition;
        if (BearerToken.Read(context.Request) is { } token && token.StartsWith(ApiKeyText.Marker, StringComparison.Ordinal))
        {
            var (key, refusal) = await _keys.VerifyAsync(context, token);
            if (refusal is not null)
            {
                return refusal;
            }

            if (key is null)
            {
                return Problems.Unauthorized(context, "The API key is not known here: it was revoked, or never existed. Browsers send no key.");
            }

            if (key.Scope == ApiKeyScope.Ingest)
            {
                context.Features.Set(new IngestAccess(acceptsClientFields: true, key.Site));
                partition = "key:" + key.Prefix;
            }
            else
            {
                // A read key grants nothing here: the request is what it would be without one (a dashboard's client
                // that sends its key everywhere still posts), counted against its address.
                context.Features.Set(new IngestAccess(_options.CurrentValue.AcceptClientFieldsWithoutKey, site: null));
                partition = ClientPartition.Of(context);
            }
        }
        else
        {
            context.Features.Set(new IngestAccess(_options.CurrentValue.AcceptClientFieldsWithoutKey, site: null));
            partition = ClientPartition.Of(context);
        }

        return _keys.Limit(context, partition) ?? await next(invocation);
    }
}
